/**
 * The service catalog: every `/ops` service and resource, the read-only AWS call that answers it
 * (as data: service, operation, params; the bridge writes the script the AWS MCP Server runs), and the
 * summarizer that turns the API response into one short line plus phone-friendly detail lines.
 * Data, not code paths: adding a service is adding an entry here.
 */

/** A time window such as `1h` or `7d`. */
export interface TimeWindow {
  /** As the user wrote it, normalised: `1h`, `30m`, `7d`. */
  readonly label: string;
  readonly ms: number;
}

export interface Filters {
  /** A state word the resource accepts (`running`, `stopped`, `alarm`, …). */
  readonly state?: string;
  readonly window?: TimeWindow;
  /** Keep only items whose name contains this (case-insensitive). */
  readonly name?: string;
}

/** One AWS API call as the bridge takes it (query_accounts' `calls`). */
export interface CatalogCall {
  /** botocore service name, e.g. `ec2`. */
  readonly service: string;
  /** PascalCase operation, e.g. `DescribeInstances`. */
  readonly operation: string;
  readonly params: Readonly<Record<string, unknown>>;
}

interface Summary {
  readonly summary: string;
  readonly lines: readonly string[];
}

export interface ResourceSpec {
  readonly resource: string;
  /** Other words for it (`vms`, `servers`, …). */
  readonly aliases: readonly string[];
  readonly description: string;
  /** Set for global APIs (IAM, S3 ListBuckets, Route 53, Cost Explorer): queried once, in this region. */
  readonly globalRegion?: string;
  /** State words accepted as filters; the first is the default when there is one. */
  readonly states?: readonly string[];
  /** Whether a time window (`1h`) applies. */
  readonly windowed?: boolean;
  /** The window used when none is given. */
  readonly defaultWindow?: TimeWindow;
  /** The read-only call that answers it; the bridge writes the script or CLI command from it. */
  call(filters: Filters, now: Date): CatalogCall;
  summarize(response: unknown, filters: Filters): Summary;
}

export interface ServiceSpec {
  readonly service: string;
  readonly aliases: readonly string[];
  readonly title: string;
  /** The first resource is the default (`/ops prod ec2` → instances). */
  readonly resources: readonly [ResourceSpec, ...ResourceSpec[]];
}

/** Detail lines shown per account+region before "… and N more". */
const MAX_DETAIL_LINES = 10;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---- response helpers: tool output is untrusted data, so every read is defensive -------------

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown, fallback = '?'): string {
  return typeof value === 'string' && value.length > 0
    ? value
    : typeof value === 'number'
      ? String(value)
      : fallback;
}

function tag(item: Json, key: string): string | undefined {
  const found = arr(item.Tags)
    .map(obj)
    .find((t) => t.Key === key);
  return typeof found?.Value === 'string' ? found.Value : undefined;
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

function matchesName(name: string, filters: Filters): boolean {
  return !filters.name || name.toLowerCase().includes(filters.name.toLowerCase());
}

/** Cuts detail lines to MAX_DETAIL_LINES, saying how many were left out. */
function capLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return [...lines];
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}

/** Counts by a key, most frequent first: "2 running, 1 stopped". */
function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => `${count} ${value}`)
    .join(', ');
}

/** A list of named things: "4 buckets" + one line each. */
function listSummary(names: readonly string[], noun: string, filters: Filters, nouns?: string): Summary {
  const kept = names.filter((name) => matchesName(name, filters));
  return { summary: plural(kept.length, noun, nouns), lines: capLines(kept) };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function windowOf(filters: Filters, fallback: TimeWindow): TimeWindow {
  return filters.window ?? fallback;
}

// ---- the catalog ------------------------------------------------------------------------------

const EC2_STATES = ['running', 'stopped', 'pending', 'stopping', 'terminated'] as const;

const ec2Instances: ResourceSpec = {
  resource: 'instances',
  aliases: ['instance', 'vms', 'vm', 'servers', 'server', 'hosts'],
  description: 'EC2 instances with state and type',
  states: EC2_STATES,
  call: (f) => ({
    service: 'ec2',
    operation: 'DescribeInstances',
    params: f.state ? { Filters: [{ Name: 'instance-state-name', Values: [f.state] }] } : {},
  }),
  summarize(response, f) {
    const instances = arr(obj(response).Reservations)
      .flatMap((r) => arr(obj(r).Instances))
      .map(obj)
      .map((i) => ({
        id: str(i.InstanceId),
        name: tag(i, 'Name') ?? '',
        state: str(obj(i.State).Name, 'unknown'),
        type: str(i.InstanceType),
      }))
      .filter((i) => matchesName(`${i.name} ${i.id}`, f));
    const states = countBy(instances.map((i) => i.state));
    return {
      summary: `${plural(instances.length, 'instance')}${states ? ` (${states})` : ''}`,
      lines: capLines(instances.map((i) => `${i.name ? `${i.name} ` : ''}${i.id} ${i.state} ${i.type}`)),
    };
  },
};

const ec2Vpcs: ResourceSpec = {
  resource: 'vpcs',
  aliases: ['vpc', 'networks'],
  description: 'VPCs and their CIDR blocks',
  call: () => ({ service: 'ec2', operation: 'DescribeVpcs', params: {} }),
  summarize(response, f) {
    const vpcs = arr(obj(response).Vpcs)
      .map(obj)
      .map((v) => ({
        id: str(v.VpcId),
        name: tag(v, 'Name') ?? '',
        cidr: str(v.CidrBlock),
        def: v.IsDefault,
      }))
      .filter((v) => matchesName(`${v.name} ${v.id}`, f));
    return {
      summary: plural(vpcs.length, 'VPC'),
      lines: capLines(
        vpcs.map((v) => `${v.name ? `${v.name} ` : ''}${v.id} ${v.cidr}${v.def ? ' (default)' : ''}`),
      ),
    };
  },
};

const ec2Volumes: ResourceSpec = {
  resource: 'volumes',
  aliases: ['volume', 'ebs', 'disks'],
  description: 'EBS volumes with size and state',
  states: ['available', 'in-use'],
  call: (f) => ({
    service: 'ec2',
    operation: 'DescribeVolumes',
    params: f.state ? { Filters: [{ Name: 'status', Values: [f.state] }] } : {},
  }),
  summarize(response, f) {
    const volumes = arr(obj(response).Volumes)
      .map(obj)
      .map((v) => ({ id: str(v.VolumeId), size: str(v.Size), state: str(v.State, 'unknown') }))
      .filter((v) => matchesName(v.id, f));
    const states = countBy(volumes.map((v) => v.state));
    return {
      summary: `${plural(volumes.length, 'volume')}${states ? ` (${states})` : ''}`,
      lines: capLines(volumes.map((v) => `${v.id} ${v.size} GiB ${v.state}`)),
    };
  },
};

const ec2SecurityGroups: ResourceSpec = {
  resource: 'security-groups',
  aliases: ['sg', 'sgs', 'securitygroups', 'groups'],
  description: 'security groups',
  call: () => ({ service: 'ec2', operation: 'DescribeSecurityGroups', params: {} }),
  summarize(response, f) {
    const groups = arr(obj(response).SecurityGroups).map(obj);
    return listSummary(
      groups.map((g) => `${str(g.GroupName)} ${str(g.GroupId)}`),
      'security group',
      f,
    );
  },
};

const s3Buckets: ResourceSpec = {
  resource: 'buckets',
  aliases: ['bucket'],
  description: 'S3 buckets (global: listed once per account)',
  globalRegion: 'us-east-1',
  call: () => ({ service: 's3', operation: 'ListBuckets', params: {} }),
  summarize(response, f) {
    return listSummary(
      arr(obj(response).Buckets).map((b) => str(obj(b).Name)),
      'bucket',
      f,
    );
  },
};

const lambdaFunctions: ResourceSpec = {
  resource: 'functions',
  aliases: ['function', 'lambdas', 'fns'],
  description: 'Lambda functions with runtime',
  call: () => ({ service: 'lambda', operation: 'ListFunctions', params: {} }),
  summarize(response, f) {
    const functions = arr(obj(response).Functions)
      .map(obj)
      .map((fn) => ({ name: str(fn.FunctionName), runtime: str(fn.Runtime, 'container') }))
      .filter((fn) => matchesName(fn.name, f));
    return {
      summary: plural(functions.length, 'function'),
      lines: capLines(functions.map((fn) => `${fn.name} ${fn.runtime}`)),
    };
  },
};

const lambdaErrors: ResourceSpec = {
  resource: 'errors',
  aliases: ['error', 'errored', 'failures', 'failing', 'failed'],
  description: 'Lambda errors per function over a window (CloudWatch, default 1h)',
  windowed: true,
  defaultWindow: { label: '1h', ms: HOUR },
  call(f, now) {
    const window = windowOf(f, { label: '1h', ms: HOUR });
    const period = Math.max(60, Math.round(window.ms / 1000 / 60) * 60);
    return {
      service: 'cloudwatch',
      operation: 'GetMetricData',
      params: {
        MetricDataQueries: [
          {
            Id: 'errors',
            Expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors"', 'Sum', ${period})`,
            ReturnData: true,
          },
        ],
        StartTime: new Date(now.getTime() - window.ms).toISOString(),
        EndTime: now.toISOString(),
      },
    };
  },
  summarize(response, f) {
    const label = f.window?.label ?? '1h';
    const series = arr(obj(response).MetricDataResults)
      .map(obj)
      .map((s) => ({
        name: str(s.Label),
        errors: arr(s.Values).reduce<number>((sum, v) => sum + (Number(v) || 0), 0),
      }))
      .filter((s) => s.errors > 0 && matchesName(s.name, f))
      .sort((a, b) => b.errors - a.errors);
    const total = series.reduce((sum, s) => sum + s.errors, 0);
    return {
      summary:
        series.length === 0
          ? `no errors in ${label}`
          : `${plural(total, 'error')} in ${label} across ${plural(series.length, 'function')}`,
      lines: capLines(series.map((s) => `${s.name}: ${s.errors}`)),
    };
  },
};

const rdsInstances: ResourceSpec = {
  resource: 'instances',
  aliases: ['instance', 'databases', 'dbs', 'db'],
  description: 'RDS DB instances with engine and status',
  states: ['available', 'stopped', 'creating', 'modifying', 'backing-up'],
  call: () => ({ service: 'rds', operation: 'DescribeDBInstances', params: {} }),
  summarize(response, f) {
    const dbs = arr(obj(response).DBInstances)
      .map(obj)
      .map((d) => ({
        id: str(d.DBInstanceIdentifier),
        engine: str(d.Engine),
        status: str(d.DBInstanceStatus, 'unknown'),
        cls: str(d.DBInstanceClass),
      }))
      .filter((d) => matchesName(d.id, f) && (!f.state || d.status === f.state));
    const states = countBy(dbs.map((d) => d.status));
    return {
      summary: `${plural(dbs.length, 'DB instance')}${states ? ` (${states})` : ''}`,
      lines: capLines(dbs.map((d) => `${d.id} ${d.engine} ${d.status} ${d.cls}`)),
    };
  },
};

const rdsClusters: ResourceSpec = {
  resource: 'clusters',
  aliases: ['cluster', 'aurora'],
  description: 'RDS/Aurora DB clusters',
  call: () => ({ service: 'rds', operation: 'DescribeDBClusters', params: {} }),
  summarize(response, f) {
    const clusters = arr(obj(response).DBClusters)
      .map(obj)
      .map((c) => ({
        id: str(c.DBClusterIdentifier),
        engine: str(c.Engine),
        status: str(c.Status, 'unknown'),
      }))
      .filter((c) => matchesName(c.id, f));
    return {
      summary: plural(clusters.length, 'DB cluster'),
      lines: capLines(clusters.map((c) => `${c.id} ${c.engine} ${c.status}`)),
    };
  },
};

/** The last segment of an ARN or URL: the readable name. */
function lastSegment(value: string): string {
  return value.split(/[/:]/).pop() ?? value;
}

const ecsClusters: ResourceSpec = {
  resource: 'clusters',
  aliases: ['cluster'],
  description: 'ECS clusters',
  call: () => ({ service: 'ecs', operation: 'ListClusters', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).clusterArns).map((a) => lastSegment(str(a))),
      'cluster',
      f,
    ),
};

const eksClusters: ResourceSpec = {
  resource: 'clusters',
  aliases: ['cluster'],
  description: 'EKS clusters',
  call: () => ({ service: 'eks', operation: 'ListClusters', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).clusters).map((c) => str(c)),
      'cluster',
      f,
    ),
};

const ALARM_STATE_VALUES = { alarm: 'ALARM', ok: 'OK', insufficient: 'INSUFFICIENT_DATA' } as const;

const cloudwatchAlarms: ResourceSpec = {
  resource: 'alarms',
  aliases: ['alarm', 'alerts', 'firing'],
  description: 'CloudWatch alarms (default: in ALARM; `all` for every state)',
  states: ['alarm', 'ok', 'insufficient', 'all'],
  call: (f) => {
    const state = ALARM_STATE_VALUES[(f.state ?? 'alarm') as keyof typeof ALARM_STATE_VALUES];
    return {
      service: 'cloudwatch',
      operation: 'DescribeAlarms',
      params: state ? { StateValue: state } : {},
    };
  },
  summarize(response, f) {
    const body = obj(response);
    const alarms = [...arr(body.MetricAlarms), ...arr(body.CompositeAlarms)]
      .map(obj)
      .map((a) => ({ name: str(a.AlarmName), state: str(a.StateValue, 'UNKNOWN') }))
      .filter((a) => matchesName(a.name, f));
    const state = f.state ?? 'alarm';
    const inState =
      state === 'all' ? '' : ` in ${ALARM_STATE_VALUES[state as keyof typeof ALARM_STATE_VALUES]}`;
    return {
      summary: `${plural(alarms.length, 'alarm')}${inState}`,
      lines: capLines(alarms.map((a) => `${a.name} ${a.state}`)),
    };
  },
};

const iamUsers: ResourceSpec = {
  resource: 'users',
  aliases: ['user'],
  description: 'IAM users (global)',
  globalRegion: 'us-east-1',
  call: () => ({ service: 'iam', operation: 'ListUsers', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).Users).map((u) => str(obj(u).UserName)),
      'user',
      f,
    ),
};

const iamRoles: ResourceSpec = {
  resource: 'roles',
  aliases: ['role'],
  description: 'IAM roles (global)',
  globalRegion: 'us-east-1',
  call: () => ({ service: 'iam', operation: 'ListRoles', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).Roles).map((r) => str(obj(r).RoleName)),
      'role',
      f,
    ),
};

const cfnStacks: ResourceSpec = {
  resource: 'stacks',
  aliases: ['stack'],
  description: 'CloudFormation stacks with status',
  call: () => ({ service: 'cloudformation', operation: 'DescribeStacks', params: {} }),
  summarize(response, f) {
    const stacks = arr(obj(response).Stacks)
      .map(obj)
      .map((s) => ({ name: str(s.StackName), status: str(s.StackStatus, 'UNKNOWN') }))
      .filter((s) => matchesName(s.name, f));
    const states = countBy(stacks.map((s) => s.status));
    return {
      summary: `${plural(stacks.length, 'stack')}${states ? ` (${states})` : ''}`,
      lines: capLines(stacks.map((s) => `${s.name} ${s.status}`)),
    };
  },
};

const dynamoTables: ResourceSpec = {
  resource: 'tables',
  aliases: ['table'],
  description: 'DynamoDB tables',
  call: () => ({ service: 'dynamodb', operation: 'ListTables', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).TableNames).map((t) => str(t)),
      'table',
      f,
    ),
};

const sqsQueues: ResourceSpec = {
  resource: 'queues',
  aliases: ['queue'],
  description: 'SQS queues',
  call: () => ({ service: 'sqs', operation: 'ListQueues', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).QueueUrls).map((u) => lastSegment(str(u))),
      'queue',
      f,
    ),
};

const snsTopics: ResourceSpec = {
  resource: 'topics',
  aliases: ['topic'],
  description: 'SNS topics',
  call: () => ({ service: 'sns', operation: 'ListTopics', params: {} }),
  summarize: (response, f) =>
    listSummary(
      arr(obj(response).Topics).map((t) => lastSegment(str(obj(t).TopicArn))),
      'topic',
      f,
    ),
};

const route53Zones: ResourceSpec = {
  resource: 'zones',
  aliases: ['zone', 'hosted-zones', 'domains', 'records'],
  description: 'Route 53 hosted zones (global)',
  globalRegion: 'us-east-1',
  call: () => ({ service: 'route53', operation: 'ListHostedZones', params: {} }),
  summarize(response, f) {
    const zones = arr(obj(response).HostedZones)
      .map(obj)
      .map((z) => ({
        name: str(z.Name),
        private: obj(z.Config).PrivateZone === true,
        records: str(z.ResourceRecordSetCount, '?'),
      }))
      .filter((z) => matchesName(z.name, f));
    return {
      summary: plural(zones.length, 'hosted zone'),
      lines: capLines(zones.map((z) => `${z.name} ${z.private ? 'private' : 'public'} ${z.records} records`)),
    };
  },
};

/** Month to date, or the window asked for; Cost Explorer's End is exclusive. */
function costPeriod(f: Filters, now: Date): { Start: string; End: string } {
  const end = new Date(now.getTime() + DAY);
  const start = f.window
    ? new Date(now.getTime() - f.window.ms)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { Start: isoDate(start), End: isoDate(end) };
}

const costByService: ResourceSpec = {
  resource: 'services',
  aliases: ['service', 'spend', 'bill', 'usage', 'total'],
  description: 'Cost Explorer: unblended cost by service, month to date or over a window (`7d`)',
  globalRegion: 'us-east-1',
  windowed: true,
  call: (f, now) => ({
    service: 'ce',
    operation: 'GetCostAndUsage',
    params: {
      TimePeriod: costPeriod(f, now),
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    },
  }),
  summarize(response, f) {
    const totals = new Map<string, number>();
    let unit = 'USD';
    for (const period of arr(obj(response).ResultsByTime).map(obj)) {
      for (const group of arr(period.Groups).map(obj)) {
        const name = str(arr(group.Keys)[0]);
        const cost = obj(obj(group.Metrics).UnblendedCost);
        unit = str(cost.Unit, unit);
        totals.set(name, (totals.get(name) ?? 0) + (Number(cost.Amount) || 0));
      }
    }
    const rows = [...totals.entries()].filter(([name]) => matchesName(name, f)).sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((sum, [, amount]) => sum + amount, 0);
    return {
      summary: `${total.toFixed(2)} ${unit} ${f.window ? `in ${f.window.label}` : 'month to date'}`,
      lines: capLines(rows.map(([name, amount]) => `${name}: ${amount.toFixed(2)} ${unit}`)),
    };
  },
};

export const SERVICE_CATALOG: readonly ServiceSpec[] = [
  {
    service: 'ec2',
    aliases: ['instances', 'vms', 'servers', 'compute'],
    title: 'EC2',
    resources: [ec2Instances, ec2Vpcs, ec2Volumes, ec2SecurityGroups],
  },
  { service: 's3', aliases: ['buckets', 'bucket'], title: 'S3', resources: [s3Buckets] },
  {
    service: 'lambda',
    aliases: ['lambdas', 'functions', 'awslambda'],
    title: 'Lambda',
    resources: [lambdaFunctions, lambdaErrors],
  },
  {
    service: 'rds',
    aliases: ['databases', 'database', 'aurora'],
    title: 'RDS',
    resources: [rdsInstances, rdsClusters],
  },
  { service: 'ecs', aliases: ['fargate', 'containers'], title: 'ECS', resources: [ecsClusters] },
  { service: 'eks', aliases: ['kubernetes', 'k8s'], title: 'EKS', resources: [eksClusters] },
  {
    service: 'cloudwatch',
    aliases: ['alarms', 'alarm', 'cw', 'alerts'],
    title: 'CloudWatch',
    resources: [cloudwatchAlarms],
  },
  { service: 'iam', aliases: ['users', 'roles'], title: 'IAM', resources: [iamUsers, iamRoles] },
  { service: 'cloudformation', aliases: ['cfn', 'stacks'], title: 'CloudFormation', resources: [cfnStacks] },
  { service: 'dynamodb', aliases: ['dynamo', 'ddb', 'tables'], title: 'DynamoDB', resources: [dynamoTables] },
  { service: 'sqs', aliases: ['queues', 'queue'], title: 'SQS', resources: [sqsQueues] },
  { service: 'sns', aliases: ['topics', 'topic'], title: 'SNS', resources: [snsTopics] },
  {
    service: 'route53',
    aliases: ['dns', 'r53', 'zones', 'route-53'],
    title: 'Route 53',
    resources: [route53Zones],
  },
  {
    service: 'cost',
    aliases: ['costs', 'ce', 'billing', 'spend', 'bill'],
    title: 'Cost Explorer',
    resources: [costByService],
  },
];

/** Finds a service by its name or one of its aliases (lower-case). */
export function findService(word: string): ServiceSpec | undefined {
  return SERVICE_CATALOG.find((s) => s.service === word || s.aliases.includes(word));
}

/** Finds a resource of a service by its name or alias. */
export function findResource(service: ServiceSpec, word: string): ResourceSpec | undefined {
  return service.resources.find((r) => r.resource === word || r.aliases.includes(word));
}

/** Every word the catalog knows, for "did you mean". */
export function catalogWords(): string[] {
  return SERVICE_CATALOG.flatMap((s) => [s.service, ...s.aliases]);
}
