/**
 * Which AWS operations the bridge lets through, as tables in the CLI's spelling
 * (`ec2 describe-instances`): structured calls (`ec2` / `DescribeInstances`) map onto them with
 * toCliService() / toCliOperation(), and the CLI commands the bridge renders are checked as they are.
 * An operation is allowed only when its verb is read-only AND no denial below matches; everything
 * else (unknown verbs, mutating verbs, secret-bearing reads) is refused with the reason given here.
 */
import { ALLOWED, type GuardDecision, refuse } from './types.ts';

/**
 * Read-only verbs: the operation's leading words. Deliberately absent: `query`, `scan`, `select`,
 * `execute`: they read application data (DynamoDB items, S3 objects, Athena rows), not the
 * operational state on-call questions are about, and the member role's ReadOnlyAccess would
 * allow them, so the bridge is the only place they can be held back.
 */
const READ_ONLY_VERBS: readonly string[] = [
  'describe',
  'list',
  'get',
  'search',
  'lookup',
  'batch-get',
  'batch-describe',
  'filter',
  'head',
];

/**
 * Reads whose verb is not in READ_ONLY_VERBS (CLI customizations and a few odd API names), each
 * with why it only reads. Exact names only: a verb such as `start` stays refused everywhere else.
 */
const EXTRA_READ_OPERATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  s3: { ls: 'lists buckets and keys' },
  configservice: {
    'select-resource-config': 'queries the recorded configuration',
    'select-aggregate-resource-config': 'queries the recorded configuration',
  },
  // `/ops logs … | query`: a Logs Insights query reads log groups and changes nothing; its results
  // are fetched with get-query-results. Its neighbours (stop-query, start-live-tail,
  // put-query-definition, …) stay refused.
  logs: { 'start-query': 'runs a read-only Logs Insights query' },
};

/** Whole CLI namespaces that are not AWS APIs at all or only hand out credentials. */
const DENIED_SERVICES: Readonly<Record<string, string>> = {
  configure: 'reads or writes the local CLI configuration and credentials',
  history: 'reads the local CLI history',
  login: 'obtains credentials',
  sso: 'obtains credentials (sso get-role-credentials)',
  'sso-oidc': 'obtains tokens',
};

/**
 * Operations refused although their verb reads: they return secrets, credentials, presigned
 * links or application data. A trailing `*` matches every operation with that prefix.
 */
const DENIED_OPERATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  secretsmanager: {
    'get-secret-value': 'returns a secret value',
    'batch-get-secret-value': 'returns secret values',
    'get-random-password': 'generates a password',
  },
  kms: {
    decrypt: 'decrypts data',
    'generate-data-key*': 'returns data keys',
    'get-parameters-for-import': 'creates an import token',
  },
  s3: {
    cp: 'copies object contents',
    sync: 'copies object contents',
    mv: 'moves objects',
    presign: 'creates a presigned link to object contents',
  },
  s3api: {
    'get-object*': 'reads object contents',
    'select-object-content': 'reads object contents',
  },
  ecr: {
    'get-login-password': 'returns a registry password',
    'get-authorization-token': 'returns a registry token',
    'get-download-url-for-layer': 'returns a presigned link to image contents',
  },
  'ecr-public': {
    'get-login-password': 'returns a registry password',
    'get-authorization-token': 'returns a registry token',
  },
  sts: {
    'get-session-token': 'issues credentials',
    'get-federation-token': 'issues credentials',
    'assume-role*': 'issues credentials',
    'assume-root': 'issues credentials',
    'get-web-identity-token': 'issues a token',
  },
  iam: { 'create-*': 'creates IAM resources' },
  lambda: {
    invoke: 'runs code',
    'get-function': 'returns a presigned link to the function code',
    'get-layer-version': 'returns a presigned link to the layer code',
    'get-layer-version-by-arn': 'returns a presigned link to the layer code',
  },
  'cognito-idp': {
    'admin-initiate-auth': 'signs a user in',
    'initiate-auth': 'signs a user in',
    'describe-user-pool-client': 'returns the app client secret',
    'describe-identity-provider': 'returns the identity provider client secret',
  },
  'cognito-identity': { 'get-id': 'creates an identity' },
  rds: { 'generate-db-auth-token': 'issues a database token' },
  codecommit: {
    'get-file': 'reads source code',
    'get-blob': 'reads source code',
    'get-folder': 'reads source code',
  },
  dynamodb: {
    'get-item': 'reads table items',
    'batch-get-item': 'reads table items',
    query: 'reads table items',
    scan: 'reads table items',
    'execute-statement': 'reads table items',
    'batch-execute-statement': 'reads table items',
    'transact-get-items': 'reads table items',
  },
  athena: { 'get-query-results': 'reads query result rows' },
  kinesis: { 'get-records': 'reads stream records', 'get-shard-iterator': 'opens a stream reader' },
  'redshift-data': { 'get-statement-result*': 'reads query result rows' },
  glacier: { 'get-job-output': 'reads archive contents' },
  appsync: { 'list-api-keys': 'returns API keys' },
  ec2: { 'get-password-data': 'returns the Windows administrator password' },
  gamelift: {
    'get-instance-access': 'returns instance credentials',
    'get-game-session-log-url': 'returns a presigned link',
  },
};

/**
 * Words in an operation's name that mark it as handing out a credential, a secret or a bearer
 * link, in any service, so that operations this table has never heard of are still refused.
 */
const SENSITIVE_NAME_FRAGMENTS: readonly string[] = [
  'credential',
  'password',
  'token',
  'secret-value',
  'presign',
  'login',
  'decrypt',
  'download-url',
  'access-detail',
  'data-key',
  'embed-url',
  'stream-key',
  'sensitive-data',
  'private-key',
];

/** Reads that SENSITIVE_NAME_FRAGMENTS would refuse but that return no secret. */
const SENSITIVE_NAME_EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  iam: ['get-credential-report', 'list-service-specific-credentials', 'get-account-password-policy'],
};

/** A read that is allowed or refused depending on one of its parameters. */
export interface ConditionalDenial {
  readonly service: string;
  readonly operations: readonly string[];
  /** CLI option, e.g. `--with-decryption`. */
  readonly flag: string;
  /** The same parameter as the API names it (a call's `params` key). */
  readonly param: string;
  /** `when-set`: refused when the parameter is set (to `value`, if given); `unless-set`: refused when it is not. */
  readonly deny: 'when-set' | 'unless-set';
  readonly value?: string;
  readonly reason: string;
}

const CONDITIONAL_DENIALS: readonly ConditionalDenial[] = [
  {
    service: 'ssm',
    operations: ['get-parameter', 'get-parameters', 'get-parameters-by-path', 'get-parameter-history'],
    flag: '--with-decryption',
    param: 'WithDecryption',
    deny: 'when-set',
    reason: 'decrypts SecureString parameters',
  },
  {
    service: 'glue',
    operations: ['get-connection', 'get-connections'],
    flag: '--hide-password',
    param: 'HidePassword',
    deny: 'unless-set',
    reason: 'returns connection passwords unless --hide-password (HidePassword=True) is given',
  },
  {
    service: 'apigateway',
    operations: ['get-api-keys'],
    flag: '--include-values',
    param: 'includeValues',
    deny: 'when-set',
    reason: 'returns API key values',
  },
  {
    service: 'apigateway',
    operations: ['get-api-key'],
    flag: '--include-value',
    param: 'includeValue',
    deny: 'when-set',
    reason: 'returns the API key value',
  },
  {
    service: 'ec2',
    operations: ['describe-instance-attribute'],
    flag: '--attribute',
    param: 'Attribute',
    deny: 'when-set',
    value: 'userData',
    reason: 'returns instance user data, which often carries secrets',
  },
];

/** boto3 client names that differ from the CLI's namespace for the same API. */
const BOTO3_SERVICE_ALIASES: Readonly<Record<string, string>> = {
  s3: 's3api',
  config: 'configservice',
  codedeploy: 'deploy',
};

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Operation names compared without separators, so `GetObject`, `get_object`, `get-object` meet. */
function squash(name: string): string {
  return name.replace(/[-_]/g, '').toLowerCase();
}

function matchesEntry(operation: string, entry: string): boolean {
  return entry.endsWith('*')
    ? squash(operation).startsWith(squash(entry.slice(0, -1)))
    : squash(operation) === squash(entry);
}

export function findConditionalDenials(service: string, operation: string): ConditionalDenial[] {
  return CONDITIONAL_DENIALS.filter(
    (rule) => rule.service === service && rule.operations.some((op) => matchesEntry(operation, op)),
  );
}

/**
 * The decision on `service operation` by name alone (CLI spelling). Conditional denials are the
 * caller's to check, since only it can see the parameters.
 */
export function classifyOperation(service: string, operation: string): GuardDecision {
  const label = `${service} ${operation}`;
  if (!NAME.test(service) || !NAME.test(operation)) {
    return refuse(`"${label}" is not a valid service and operation name`);
  }
  const deniedService = DENIED_SERVICES[service];
  if (deniedService) return refuse(`"${service}" is refused: it ${deniedService}`);

  const denials = DENIED_OPERATIONS[service] ?? {};
  for (const [entry, why] of Object.entries(denials)) {
    if (matchesEntry(operation, entry)) return refuse(`"${label}" is refused: it ${why}`);
  }

  const exceptions = SENSITIVE_NAME_EXCEPTIONS[service] ?? [];
  const fragment = SENSITIVE_NAME_FRAGMENTS.find((word) => operation.includes(word));
  if (fragment && !exceptions.includes(operation)) {
    return refuse(`"${label}" is refused: its name suggests it returns a ${fragment}`);
  }

  if (Object.hasOwn(EXTRA_READ_OPERATIONS[service] ?? {}, operation)) return ALLOWED;
  const verb = READ_ONLY_VERBS.find((v) => operation === v || operation.startsWith(`${v}-`));
  if (!verb) {
    return refuse(
      `"${label}" is refused: only read-only operations (${READ_ONLY_VERBS.join(', ')}) are allowed`,
    );
  }
  return ALLOWED;
}

/** `DescribeInstances` → `describe-instances` (botocore's xform_name, simplified). */
export function toCliOperation(boto3Operation: string): string {
  return boto3Operation
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

export function toCliService(boto3Service: string): string {
  return BOTO3_SERVICE_ALIASES[boto3Service] ?? boto3Service;
}

/**
 * The decision on one structured call: its name through the tables, then the conditional denials
 * against its params (matched without regard to case, so no spelling slips past).
 */
export function checkCall(
  service: string,
  operation: string,
  params: Readonly<Record<string, unknown>>,
): GuardDecision {
  const cliService = toCliService(service);
  const cliOperation = toCliOperation(operation);
  const byName = classifyOperation(cliService, cliOperation);
  if (!byName.allowed) return byName;
  for (const rule of findConditionalDenials(cliService, cliOperation)) {
    const value = Object.entries(params).find(([key]) => key.toLowerCase() === rule.param.toLowerCase())?.[1];
    if (rule.deny === 'when-set' ? isSet(value, rule.value) : value !== true) {
      return refuse(`"${service} ${operation}" is refused with these params: it ${rule.reason}`);
    }
  }
  return ALLOWED;
}

/** Whether a param value may turn the option on: anything but absent, false, null (or another string). */
function isSet(value: unknown, expected: string | undefined): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (expected === undefined || typeof value !== 'string') return true;
  return value.toLowerCase() === expected.toLowerCase();
}
