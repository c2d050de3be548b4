/**
 * The per-account, per-region resources the sandbox answers with, generated deterministically
 * from (seed, account, region): the same options give the same data on every run.
 */
import { emptyDiagnostics, generateDiagnostics, generateHealthEvents } from './diagnostics-data.ts';
import { hash32, Random } from './random.ts';
import { DEFAULT_REGION } from './regions.ts';
import type {
  CfnStack,
  DbInstance,
  Ec2Instance,
  EcsCluster,
  GlobalData,
  IamRole,
  LambdaFunction,
  MetricAlarm,
  RegionData,
  SandboxAccountData,
  SandboxAccountOptions,
} from './types.ts';

/** Creation dates count back from here, so they never depend on when tests run. */
const EPOCH = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

/** The function carrying planted secret-looking environment values (see docs/sandbox.md). */
export const PLANTED_SECRET_FUNCTION = 'legacy-report-exporter';

const INSTANCE_ROLES = ['web', 'api', 'worker', 'batch', 'bastion', 'cache', 'ingest', 'search'] as const;
const INSTANCE_TYPES = [
  't3.micro',
  't3.medium',
  'm6i.large',
  'c7g.xlarge',
  'r6g.large',
  'm7g.medium',
] as const;
const FUNCTION_NAMES = [
  'orders-api',
  'payments-webhook',
  'report-generator',
  'image-resizer',
  'audit-stream',
  'nightly-cleanup',
  'token-refresher',
  'invoice-mailer',
] as const;
const RUNTIMES = ['nodejs22.x', 'nodejs20.x', 'python3.13', 'python3.12', 'java21'] as const;
const ENGINES = [
  ['postgres', '16.4'],
  ['mysql', '8.0.39'],
  ['aurora-postgresql', '16.4'],
] as const;
const STATES = [
  [16, 'running', 0.7],
  [80, 'stopped', 0.2],
  [0, 'pending', 0.05],
  [64, 'stopping', 0.05],
] as const;

export interface DatasetOptions {
  readonly seed: number;
  readonly roleName: string;
}

export class Dataset {
  readonly #options: DatasetOptions;
  readonly #accounts: ReadonlyMap<string, SandboxAccountOptions>;
  readonly #cache = new Map<string, SandboxAccountData>();

  constructor(accounts: ReadonlyMap<string, SandboxAccountOptions>, options: DatasetOptions) {
    this.#accounts = accounts;
    this.#options = options;
  }

  /** The account's data, generated on first use (benches may register thousands of accounts). */
  account(accountId: string): SandboxAccountData {
    const cached = this.#cache.get(accountId);
    if (cached) return cached;
    const account = this.#accounts.get(accountId);
    if (!account) throw new RangeError(`account ${accountId} is not in the sandbox`);
    const data = generateAccount(account, this.#options);
    this.#cache.set(accountId, data);
    return data;
  }

  /** Resources of one region: empty for a valid region the account does not use. */
  region(accountId: string, region: string): RegionData {
    return this.account(accountId).byRegion[region] ?? emptyRegion(region);
  }
}

/** The environment a sandbox account's name ends with (`payments-prod` → `prod`). */
export function environmentOf(name: string): string {
  return name.split('-').at(-1) ?? name;
}

function accountName(account: SandboxAccountOptions): string {
  return account.name ?? `sandbox-${account.id}`;
}

function generateAccount(account: SandboxAccountOptions, options: DatasetOptions): SandboxAccountData {
  const name = accountName(account);
  const regions = account.regions && account.regions.length > 0 ? [...account.regions] : [DEFAULT_REGION];
  const byRegion: Record<string, RegionData> = {};
  regions.forEach((region, index) => {
    byRegion[region] = generateRegion(account.id, name, region, index === 0, options);
  });
  return {
    accountId: account.id,
    name,
    regions,
    global: generateGlobal(account.id, name, regions, options),
    byRegion,
  };
}

function generateGlobal(
  accountId: string,
  name: string,
  regions: string[],
  options: DatasetOptions,
): GlobalData {
  const random = new Random(`${options.seed}:${accountId}:global`);
  const at = (days: number): string => isoSeconds(EPOCH - days * DAY_MS - random.int(0, DAY_MS));
  const buckets = random
    .sample(
      ['logs', 'artifacts', 'backups', 'static-assets', 'data-lake', 'cloudtrail', 'terraform-state'],
      random.int(2, 5),
    )
    .map((purpose) => ({
      Name: `${name}-${purpose}-${accountId}`,
      CreationDate: at(random.int(30, 900)),
      BucketRegion: random.pick(regions),
    }));
  const users = random
    .sample(['ci-deployer', 'break-glass', 'grafana-reader', 'legacy-etl'], random.int(1, 3))
    .map((userName) => ({
      Path: '/',
      UserName: userName,
      UserId: `AIDA${random.chars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      Arn: `arn:aws:iam::${accountId}:user/${userName}`,
      CreateDate: at(random.int(30, 900)),
    }));
  const roleNames = [
    options.roleName,
    'OrganizationAccountAccessRole',
    ...random.sample(['lambda-execution', 'ecs-task', 'eks-node', 'rds-monitoring'], random.int(1, 3)),
  ];
  const roles: IamRole[] = roleNames.map((roleName) => ({
    Path: '/',
    RoleName: roleName,
    RoleId: `AROA${random.chars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    Arn: `arn:aws:iam::${accountId}:role/${roleName}`,
    CreateDate: at(random.int(30, 900)),
    MaxSessionDuration: 3600,
  }));
  const hostedZones = random.sample(['internal', 'api', 'status'], random.int(0, 2)).map((label, i) => ({
    Id: `/hostedzone/Z${random.chars(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
    Name: `${label}.${name}.example.com.`,
    CallerReference: `${name}-${i}`,
    Config: { PrivateZone: label === 'internal' },
    ResourceRecordSetCount: random.int(2, 40),
  }));
  const dailyCost = Array.from({ length: 30 }, (_, i) => {
    const date = new Date(EPOCH - (30 - i) * DAY_MS).toISOString().slice(0, 10);
    return { date, amount: costOn(accountId, date) };
  });
  const healthEvents = generateHealthEvents(options.seed, accountId, name, regions);
  return { buckets, users, roles, hostedZones, dailyCost, healthEvents };
}

/** Unblended cost (USD) of one day: a base per account varied per day, the same whenever asked. */
export function costOn(accountId: string, date: string): number {
  const base = 20 + (hash32(`base:${accountId}`) % 880);
  return Math.round(base * (0.8 + (hash32(`${accountId}:${date}`) % 400) / 1000) * 100) / 100;
}

function generateRegion(
  accountId: string,
  name: string,
  region: string,
  primary: boolean,
  options: DatasetOptions,
): RegionData {
  const random = new Random(`${options.seed}:${accountId}:${region}`);
  const at = (days: number): string => isoSeconds(EPOCH - days * DAY_MS - random.int(0, DAY_MS));
  const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);
  const vpcId = `vpc-${random.chars(17)}`;

  const instances: Ec2Instance[] = [];
  const instanceCount = random.int(2, 6);
  let reservationId = `r-${random.chars(17)}`;
  for (let i = 0; i < instanceCount; i += 1) {
    if (i > 0 && random.chance(0.6)) reservationId = `r-${random.chars(17)}`;
    const state = random.weighted(STATES.map((s) => [s, s[2]] as const));
    const role = random.pick(INSTANCE_ROLES);
    const running = state[1] === 'running';
    instances.push({
      InstanceId: `i-${random.chars(17)}`,
      InstanceType: random.pick(INSTANCE_TYPES),
      ImageId: `ami-${random.chars(17)}`,
      State: { Code: state[0], Name: state[1] },
      LaunchTime: at(random.int(1, 400)),
      Placement: { AvailabilityZone: random.pick(azs), Tenancy: 'default' },
      PrivateIpAddress: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      ...(running && role === 'web'
        ? { PublicIpAddress: `54.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}` }
        : {}),
      VpcId: vpcId,
      SubnetId: `subnet-${random.chars(17)}`,
      Architecture: 'x86_64',
      PlatformDetails: 'Linux/UNIX',
      Tags: [
        { Key: 'Name', Value: `${name}-${role}-${i + 1}` },
        { Key: 'Environment', Value: environmentOf(name) },
      ],
      ReservationId: reservationId,
    });
  }

  const functionNames = random.sample(FUNCTION_NAMES, random.int(2, 5)).map((f) => `${name}-${f}`);
  if (primary) functionNames.push(PLANTED_SECRET_FUNCTION);
  const functions: LambdaFunction[] = functionNames.map((functionName) => {
    const runtime = random.pick(RUNTIMES);
    const isPlanted = functionName === PLANTED_SECRET_FUNCTION;
    const variables: Record<string, string> = {
      LOG_LEVEL: random.pick(['info', 'warn', 'debug']),
      STAGE: name,
    };
    if (isPlanted) {
      // Secret-looking values a bridge must redact before they reach chat (never real keys).
      variables.LEGACY_AWS_ACCESS_KEY_ID = `AKIA${random.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
      variables.LEGACY_CREDENTIALS = `aws_secret_access_key=${random.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')}`;
    }
    return {
      FunctionName: functionName,
      FunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
      Runtime: runtime,
      Role: `arn:aws:iam::${accountId}:role/lambda-execution`,
      Handler: runtime.startsWith('python')
        ? 'app.handler'
        : runtime.startsWith('java')
          ? 'com.example.Handler::handleRequest'
          : 'index.handler',
      CodeSize: random.int(2_000, 9_000_000),
      Description: isPlanted ? 'Exports legacy reports (deprecated)' : '',
      Timeout: random.pick([3, 15, 30, 60, 900]),
      MemorySize: random.pick([128, 256, 512, 1024, 2048]),
      LastModified: new Date(EPOCH - random.int(1, 200) * DAY_MS).toISOString().replace('Z', '+0000'),
      Version: '$LATEST',
      PackageType: 'Zip',
      Architectures: [random.pick(['x86_64', 'arm64'])],
      Environment: { Variables: variables },
    };
  });
  // At least one function errors in the primary region so "which lambdas errored" has an answer.
  const erroringFunctions = functions
    .filter((_f, i) => (primary && i === 0) || random.chance(0.3))
    .map((f) => f.FunctionName);

  const dbInstances: DbInstance[] = Array.from({ length: random.int(primary ? 1 : 0, 2) }, (_, i) => {
    const [engine, version] = random.pick(ENGINES);
    const id = `${name}-${engine.split('-').at(-1)}-${i + 1}`;
    const az = random.pick(azs);
    return {
      DBInstanceIdentifier: id,
      DBInstanceClass: random.pick(['db.t4g.medium', 'db.r6g.large', 'db.m6g.xlarge']),
      Engine: engine,
      EngineVersion: version,
      DBInstanceStatus: random.chance(0.9) ? 'available' : 'backing-up',
      MasterUsername: 'admin_user',
      Endpoint: {
        Address: `${id}.c${random.chars(12)}.${region}.rds.amazonaws.com`,
        Port: engine.includes('mysql') ? 3306 : 5432,
        HostedZoneId: 'Z2R2ITUGPM61AM',
      },
      AllocatedStorage: random.pick([20, 100, 500]),
      InstanceCreateTime: at(random.int(30, 700)),
      AvailabilityZone: az,
      MultiAZ: random.chance(0.5),
      StorageType: 'gp3',
      StorageEncrypted: true,
      DBInstanceArn: `arn:aws:rds:${region}:${accountId}:db:${id}`,
    };
  });

  const alarms: MetricAlarm[] = [];
  const alarm = (
    alarmName: string,
    state: MetricAlarm['StateValue'],
    metric: Pick<MetricAlarm, 'MetricName' | 'Namespace' | 'Dimensions' | 'Threshold' | 'Statistic'>,
  ): void => {
    alarms.push({
      AlarmName: alarmName,
      AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmName}`,
      AlarmDescription: `${metric.MetricName} of ${metric.Dimensions[0]?.Value}`,
      ActionsEnabled: true,
      StateValue: state,
      StateReason:
        state === 'ALARM'
          ? `Threshold Crossed: 1 datapoint [${metric.Threshold + random.int(1, 20)}.0] was greater than the threshold (${metric.Threshold}.0).`
          : 'Threshold Crossed: no datapoints were greater than the threshold.',
      StateUpdatedTimestamp: at(random.int(0, 30)),
      EvaluationPeriods: 1,
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      ...metric,
    });
  };
  for (const f of functions) {
    if (random.chance(0.5) || erroringFunctions.includes(f.FunctionName)) {
      alarm(`${f.FunctionName}-errors`, erroringFunctions.includes(f.FunctionName) ? 'ALARM' : 'OK', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: f.FunctionName }],
        Threshold: 0,
      });
    }
  }
  for (const instance of instances.filter((x) => x.State.Name === 'running').slice(0, 2)) {
    alarm(
      `high-cpu-${instance.InstanceId}`,
      random.pick(['OK', 'OK', 'ALARM', 'INSUFFICIENT_DATA'] as const),
      {
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/EC2',
        Statistic: 'Average',
        Dimensions: [{ Name: 'InstanceId', Value: instance.InstanceId }],
        Threshold: 80,
      },
    );
  }

  const ecsClusters: EcsCluster[] = Array.from({ length: random.int(0, 2) }, (_, i) => {
    const clusterName = `${name}-cluster-${i + 1}`;
    const services = random.sample(['checkout', 'catalog', 'notifications', 'gateway'], random.int(1, 3));
    return {
      clusterArn: `arn:aws:ecs:${region}:${accountId}:cluster/${clusterName}`,
      clusterName,
      status: 'ACTIVE',
      runningTasksCount: random.int(1, 30),
      pendingTasksCount: random.int(0, 2),
      activeServicesCount: services.length,
      services: services.map((s) => `arn:aws:ecs:${region}:${accountId}:service/${clusterName}/${s}`),
    };
  });
  const eksClusters = Array.from({ length: random.int(0, 1) }, () => `${name}-eks`);
  const stacks: CfnStack[] = random
    .sample(['network', 'data', 'app', 'monitoring'], random.int(1, 3))
    .map((s) => ({
      StackId: `arn:aws:cloudformation:${region}:${accountId}:stack/${name}-${s}/${random.chars(8)}-${random.chars(4)}-${random.chars(4)}-${random.chars(4)}-${random.chars(12)}`,
      StackName: `${name}-${s}`,
      CreationTime: at(random.int(30, 500)),
      StackStatus: random.pick([
        'CREATE_COMPLETE',
        'UPDATE_COMPLETE',
        'UPDATE_COMPLETE',
        'UPDATE_ROLLBACK_COMPLETE',
      ]),
      Description: `${s} resources of ${name}`,
    }));
  const tables = random
    .sample(['orders', 'sessions', 'idempotency', 'audit-log', 'feature-flags'], random.int(1, 3))
    .map((t) => `${name}-${t}`);
  const queues = random
    .sample(['orders', 'emails', 'dead-letter', 'ingest'], random.int(1, 3))
    .map((q) => `https://sqs.${region}.amazonaws.com/${accountId}/${name}-${q}`);
  const topics = random
    .sample(['alerts', 'deployments', 'billing'], random.int(1, 2))
    .map((t) => `arn:aws:sns:${region}:${accountId}:${name}-${t}`);

  return {
    region,
    instances,
    functions,
    erroringFunctions,
    dbInstances,
    alarms,
    ecsClusters,
    eksClusters,
    stacks,
    tables,
    queues,
    topics,
    ...generateDiagnostics({
      seed: options.seed,
      accountId,
      name,
      region,
      primary,
      data: { instances, functions, erroringFunctions, ecsClusters, dbInstances },
    }),
  };
}

function emptyRegion(region: string): RegionData {
  return {
    region,
    instances: [],
    functions: [],
    erroringFunctions: [],
    dbInstances: [],
    alarms: [],
    ecsClusters: [],
    eksClusters: [],
    stacks: [],
    tables: [],
    queues: [],
    topics: [],
    ...emptyDiagnostics(),
  };
}

/** Timestamps as the AWS CLI prints them. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
