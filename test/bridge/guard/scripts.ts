/** run_script cases of the guard's test: [name, code] allowed, [name, code, reason fragment] refused. */

export const ALLOWED_SCRIPTS: readonly (readonly [string, string])[] = [
  [
    'keyword call with json output',
    "import json\nr = call_boto3(service_name='ec2', operation_name='describe_instances', region_name='us-east-1', params={})\nprint(json.dumps(r, default=str))",
  ],
  ['PascalCase operation name', "call_boto3(service_name='ec2', operation_name='DescribeInstances')"],
  [
    'positional service and operation',
    "call_boto3('lambda', 'list_functions', 'us-east-1', {'MaxItems': 50})",
  ],
  [
    'several calls and datetime arithmetic',
    [
      'from datetime import datetime, timedelta, timezone',
      'end = datetime.now(timezone.utc)',
      "metrics = call_boto3(service_name='cloudwatch', operation_name='get_metric_statistics', params={",
      "    'Namespace': 'AWS/Lambda', 'MetricName': 'Errors', 'StartTime': end - timedelta(hours=1),",
      "    'EndTime': end, 'Period': 300, 'Statistics': ['Sum']})",
      "alarms = call_boto3(service_name='cloudwatch', operation_name='describe_alarms', params={'StateValue': 'ALARM'})",
      'print(metrics, alarms)',
    ].join('\n'),
  ],
  [
    'a loop over results with an f-string',
    "buckets = call_boto3(service_name='s3', operation_name='list_buckets')['Buckets']\nfor b in buckets:\n    print(f\"{b['Name']}: {len(buckets)} buckets\")",
  ],
  [
    'ssm get_parameter without decryption',
    "call_boto3(service_name='ssm', operation_name='get_parameter', params={'Name': '/a'})",
  ],
  [
    'ssm get_parameter with WithDecryption=False',
    "call_boto3(service_name='ssm', operation_name='get_parameter', params={'Name': '/a', 'WithDecryption': False})",
  ],
  [
    'glue get_connections with HidePassword=True',
    "call_boto3(service_name='glue', operation_name='get_connections', params={'HidePassword': True})",
  ],
  ['config service alias', "call_boto3(service_name='config', operation_name='describe_config_rules')"],
  [
    'yield from and raise from are not imports',
    'def f(x):\n    yield from x\ntry:\n    pass\nexcept ValueError as e:\n    raise RuntimeError("x") from e',
  ],
  [
    'comments and strings mentioning exec',
    "# exec is not called here\nprint('eval and os are only words')\ncall_boto3(service_name='sts', operation_name='get_caller_identity')",
  ],
];

export const REFUSED_SCRIPTS: readonly (readonly [string, string, string])[] = [
  [
    'a mutating operation',
    "call_boto3(service_name='ec2', operation_name='terminate_instances', params={'InstanceIds': ['i-1']})",
    'only read-only',
  ],
  [
    'a secret read',
    "call_boto3(service_name='secretsmanager', operation_name='get_secret_value', params={'SecretId': 'x'})",
    'secret value',
  ],
  [
    'a secret read in PascalCase',
    "call_boto3(service_name='secretsmanager', operation_name='GetSecretValue')",
    'secret value',
  ],
  [
    's3 get_object (boto3 s3 is the CLI s3api)',
    "call_boto3(service_name='s3', operation_name='get_object', params={'Bucket': 'b', 'Key': 'k'})",
    'object contents',
  ],
  ['kms decrypt', "call_boto3(service_name='kms', operation_name='decrypt', params={})", 'decrypts data'],
  [
    'sts assume_role',
    "call_boto3(service_name='sts', operation_name='assume_role', params={})",
    'issues credentials',
  ],
  [
    'dynamodb scan',
    "call_boto3(service_name='dynamodb', operation_name='scan', params={'TableName': 't'})",
    'table items',
  ],
  [
    'ssm decryption',
    "call_boto3(service_name='ssm', operation_name='get_parameter', params={'Name': '/a', 'WithDecryption': True})",
    'SecureString',
  ],
  [
    'ssm decryption positionally',
    "call_boto3('ssm', 'get_parameters_by_path', 'us-east-1', {'Path': '/', 'WithDecryption': 1})",
    'SecureString',
  ],
  [
    'ssm params from a variable',
    "p = {'Name': '/a', 'WithDecryption': True}\ncall_boto3(service_name='ssm', operation_name='get_parameter', params=p)",
    'literal dict',
  ],
  [
    'ssm params with a built key',
    "call_boto3(service_name='ssm', operation_name='get_parameter', params={'With' + 'Decryption': True})",
    'literal dict',
  ],
  [
    'glue connections without HidePassword',
    "call_boto3(service_name='glue', operation_name='get_connections', params={})",
    'connection passwords',
  ],
  [
    'ec2 user data',
    "call_boto3(service_name='ec2', operation_name='describe_instance_attribute', params={'InstanceId': 'i', 'Attribute': 'userData'})",
    'user data',
  ],
  [
    'operation name from a variable',
    "op = 'get_secret_value'\ncall_boto3(service_name='secretsmanager', operation_name=op)",
    'plain string literals',
  ],
  [
    'service name from a variable',
    "svc = 'ec2'\ncall_boto3(service_name=svc, operation_name='describe_instances')",
    'plain string literals',
  ],
  [
    'operation name built by concatenation',
    "call_boto3(service_name='ec2', operation_name='describe_' + 'instances')",
    'plain string literals',
  ],
  [
    'operation name by implicit concatenation',
    "call_boto3(service_name='ec2', operation_name='terminate' '_instances')",
    'plain string literals',
  ],
  [
    'operation name as an f-string',
    "v = 'x'\ncall_boto3(service_name='ec2', operation_name=f'describe_{v}')",
    'plain string literals',
  ],
  [
    'operation name with an escape',
    "call_boto3(service_name='ec2', operation_name='terminate\\x5finstances')",
    'plain string literals',
  ],
  [
    'keyword arguments unpacked',
    "kw = {'service_name': 'ec2', 'operation_name': 'terminate_instances'}\ncall_boto3(**kw)",
    'unpacked',
  ],
  ['positional arguments unpacked', "a = ['ec2', 'terminate_instances']\ncall_boto3(*a)", 'unpacked'],
  ['call_boto3 aliased', "c = call_boto3\nc('ec2', 'terminate_instances')", 'called directly'],
  ['call_boto3 passed to map', "list(map(call_boto3, ['ec2'], ['terminate_instances']))", 'called directly'],
  ['call_boto3 redefined', 'def call_boto3(service_name, operation_name):\n    pass', 'called directly'],
  [
    'unknown call_boto3 argument',
    "call_boto3(service_name='ec2', operation_name='describe_instances', client=x)",
    'not allowed',
  ],
  ['import os', "import os\nos.system('id')", 'importing "os"'],
  [
    'import subprocess in a list',
    "import json, subprocess\nsubprocess.run(['id'])",
    'importing "subprocess"',
  ],
  ['from os import', "from os import system\nsystem('id')", 'importing "os"'],
  [
    'import boto3',
    "import boto3\nboto3.client('ec2').terminate_instances(InstanceIds=['i-1'])",
    'importing "boto3"',
  ],
  ['import importlib', "import importlib\nimportlib.import_module('os')", 'importing "importlib"'],
  ['relative import', 'from . import x', 'relative imports'],
  ['__import__', "__import__('os').system('id')", 'dunder'],
  ['exec', "exec('import os')", '"exec"'],
  ['eval', "eval('1+1')", '"eval"'],
  ['compile', "compile('x', 'f', 'exec')", '"compile"'],
  ['getattr on call_boto3 module', "getattr(x, 'system')('id')", '"getattr"'],
  ['open a file', "open('/etc/passwd').read()", '"open"'],
  ['globals', "globals()['call_boto3']", '"globals"'],
  ['vars', "vars()['call_boto3']", '"vars"'],
  ['class hierarchy escape', '().__class__.__bases__[0].__subclasses__()', 'dunder'],
  ['builtins', 'import builtins', 'importing "builtins"'],
  ['exec hidden in an f-string', 'print(f"{exec(\'import os\')}")', '"exec"'],
  ['dunder hidden in an f-string', 'print(f"{().__class__}")', '__'],
  [
    'call hidden in an f-string',
    "print(f\"{call_boto3(service_name='ec2', operation_name='terminate_instances')}\")",
    'only read-only',
  ],
  ['full-width exec (NFKC folds it to exec)', "\uff45\uff58\uff45\uff43('import os')", 'non-ASCII'],
  ['unterminated string', "print('x)", 'unterminated string'],
  ['line continuation hiding an import', 'import json, \\\n  os', 'importing "os"'],
  ['empty script', '   ', 'non-empty string'],
  [
    'a dunder inside a string',
    "print('{0.__init__.__globals__}'.format(call_boto3))",
    'strings containing "__"',
  ],
  [
    'str.format with a format string built at run time',
    "u = '_' * 2\nprint(('{0.' + u + 'globals' + u + '}').format(call_boto3))",
    '"format"',
  ],
  ['string.Formatter', 'from string import Formatter\nFormatter().vformat(s, [x], {})', '"Formatter"'],
  ['generator frame globals', "g = (x for x in [])\ng.gi_frame.f_globals['o' + 's']", '"gi_frame"'],
  ['traceback frames', 'try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__.tb_frame', 'dunder'],
];
