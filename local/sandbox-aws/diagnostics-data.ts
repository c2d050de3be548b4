/**
 * The sandbox's data for the on-call diagnostics (what changed, logs, metrics, health, load
 * balancers, ECS services), generated from (seed, account, region) like the rest of the dataset,
 * with a stream of its own so the older resources keep their values. Times are offsets before
 * `now`, turned into timestamps when an API is asked, so "the last hour" always holds the story:
 * in the primary region of every `*prod*` account (and a third of the others) the first load
 * balancer's targets answer 502 since a deploy 35 minutes ago, its ECS service cannot keep its
 * tasks running, and the people who changed things are in CloudTrail.
 */
import { hash32, Random } from './random.ts';
import type {
  AgoMs,
  EcsService,
  HealthEvent,
  LoadBalancer,
  LogGroup,
  RegionData,
  TargetGroup,
  TargetHealthDescription,
  TrailEvent,
} from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Creation dates count back from here, as in dataset.ts. */
const EPOCH = Date.UTC(2026, 0, 1);

export type DiagnosticsData = Pick<
  RegionData,
  | 'loadBalancers'
  | 'targetGroups'
  | 'ecsServices'
  | 'logGroups'
  | 'trailEvents'
  | 'apis'
  | 'failingLoadBalancer'
>;

interface RegionBase {
  readonly seed: number;
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
  readonly primary: boolean;
  readonly data: Pick<
    RegionData,
    'instances' | 'functions' | 'erroringFunctions' | 'ecsClusters' | 'dbInstances'
  >;
}

/** Whether the account's primary region tells the incident story (see the module comment). */
export function hasIncident(seed: number, accountId: string, name: string): boolean {
  return name.includes('prod') || hash32(`${seed}:${accountId}:incident`) % 3 === 0;
}

export function emptyDiagnostics(): DiagnosticsData {
  return { loadBalancers: [], targetGroups: [], ecsServices: [], logGroups: [], trailEvents: [], apis: [] };
}

export function generateDiagnostics(base: RegionBase): DiagnosticsData {
  const { accountId, name, region, primary } = base;
  const random = new Random(`${base.seed}:${accountId}:${region}:diagnostics`);
  const incident = primary && hasIncident(base.seed, accountId, name);
  const vpcId = base.data.instances[0]?.VpcId ?? `vpc-${random.chars(17)}`;
  const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);

  const lbNames = primary ? ['web', 'api'].slice(0, random.int(1, 2)) : random.chance(0.5) ? ['web'] : [];
  const loadBalancers: LoadBalancer[] = lbNames.map((role) => {
    const lbName = `${name}-${role}`.slice(0, 32);
    const id = random.chars(16);
    return {
      LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/${lbName}/${id}`,
      LoadBalancerName: lbName,
      DNSName: `${lbName}-${random.int(100_000_000, 999_999_999)}.${region}.elb.amazonaws.com`,
      Scheme: role === 'web' ? 'internet-facing' : 'internal',
      VpcId: vpcId,
      Type: 'application',
      IpAddressType: 'ipv4',
      CreatedTime: new Date(EPOCH - random.int(30, 600) * DAY).toISOString(),
      AvailabilityZones: azs
        .slice(0, 2)
        .map((zone) => ({ ZoneName: zone, SubnetId: `subnet-${random.chars(17)}` })),
      State: { Code: 'active' },
    };
  });
  const failingLoadBalancer = incident ? loadBalancers[0]?.LoadBalancerName : undefined;

  const targetGroups: TargetGroup[] = loadBalancers.flatMap((lb, lbIndex) =>
    ['app', 'canary'].slice(0, random.int(1, 2)).map((suffix, tgIndex) => {
      const failing = lb.LoadBalancerName === failingLoadBalancer && tgIndex === 0;
      const count = random.int(2, 4) + (failing ? 1 : 0);
      const targets: TargetHealthDescription[] = Array.from({ length: count }, (_, i) => {
        const unhealthy = failing && i < 2;
        return {
          Target: {
            Id: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
            Port: 8080,
            AvailabilityZone: azs[i % 2]!,
          },
          HealthCheckPort: '8080',
          TargetHealth: unhealthy
            ? i === 0
              ? {
                  State: 'unhealthy',
                  Reason: 'Target.ResponseCodeMismatch',
                  Description: 'Health checks failed with these codes: [502]',
                }
              : { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' }
            : { State: 'healthy' },
        };
      });
      const tgName = `${lb.LoadBalancerName.slice(0, 24)}-${suffix}`;
      return {
        TargetGroupArn: `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/${tgName}/${random.chars(16)}`,
        TargetGroupName: tgName,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: vpcId,
        HealthCheckPath: lbIndex === 0 ? '/health' : '/ping',
        TargetType: 'ip',
        LoadBalancerArns: [lb.LoadBalancerArn],
        targets,
      };
    }),
  );

  const ecsServices: EcsService[] = base.data.ecsClusters.flatMap((cluster, clusterIndex) =>
    cluster.services.map((serviceArn, serviceIndex) => {
      const serviceName = serviceArn.split('/').at(-1) ?? serviceArn;
      const degraded = incident && clusterIndex === 0 && serviceIndex === 0;
      const desiredCount = random.int(2, 6);
      const revision = random.int(3, 40);
      const eventId = () =>
        `${random.chars(8)}-${random.chars(4)}-${random.chars(4)}-${random.chars(4)}-${random.chars(12)}`;
      const steady = (ago: AgoMs) => ({
        id: eventId(),
        ago,
        message: `(service ${serviceName}) has reached a steady state.`,
      });
      const events = degraded
        ? [
            {
              id: eventId(),
              ago: 2 * MINUTE,
              message: `(service ${serviceName}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
            },
            {
              id: eventId(),
              ago: 6 * MINUTE,
              message: `(service ${serviceName}) has started 1 tasks: (task ${random.chars(32)}).`,
            },
            {
              id: eventId(),
              ago: 7 * MINUTE,
              message: `(service ${serviceName}) deregistered 1 targets in (target-group ${targetGroups[0]?.TargetGroupArn ?? 'none'})`,
            },
            {
              id: eventId(),
              ago: 35 * MINUTE,
              message: `(service ${serviceName}) has started 2 tasks: (task ${random.chars(32)}) (task ${random.chars(32)}).`,
            },
            steady(3 * HOUR),
          ]
        : [steady(random.int(5, 50) * MINUTE), steady(random.int(6, 12) * HOUR)];
      return {
        serviceArn,
        serviceName,
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        taskDefinition: `arn:aws:ecs:${region}:${accountId}:task-definition/${cluster.clusterName}-${serviceName}:${revision}`,
        desiredCount,
        runningCount: degraded ? Math.max(0, desiredCount - 2) : desiredCount,
        pendingCount: degraded ? 1 : 0,
        rolloutState: degraded ? 'IN_PROGRESS' : 'COMPLETED',
        deployedAgo: degraded ? 35 * MINUTE : random.int(1, 20) * DAY,
        events,
        logGroup: `/ecs/${cluster.clusterName}/${serviceName}`,
      };
    }),
  );

  const logGroups: LogGroup[] = [
    ...base.data.functions.map((f) => ({
      logGroupName: `/aws/lambda/${f.FunctionName}`,
      creationTime: EPOCH - random.int(30, 400) * DAY,
      storedBytes: random.int(10_000, 900_000_000),
      retentionInDays: random.pick([7, 14, 30, 90]),
      source: {
        kind: 'lambda' as const,
        functionName: f.FunctionName,
        erroring: base.data.erroringFunctions.includes(f.FunctionName),
      },
    })),
    ...ecsServices.map((s) => ({
      logGroupName: s.logGroup,
      creationTime: EPOCH - random.int(30, 400) * DAY,
      storedBytes: random.int(10_000, 900_000_000),
      retentionInDays: 30,
      source: { kind: 'ecs' as const, serviceName: s.serviceName, degraded: s.runningCount < s.desiredCount },
    })),
    ...(primary
      ? [
          {
            logGroupName: `/aws/vpc/flow-logs/${vpcId}`,
            creationTime: EPOCH - random.int(30, 400) * DAY,
            storedBytes: random.int(10_000_000, 900_000_000),
            source: { kind: 'other' as const },
          },
        ]
      : []),
  ];

  const apis = random.chance(primary ? 0.7 : 0.2) ? [`${name}-public-api`] : [];
  const trailEvents = generateTrailEvents(random, base, {
    incident,
    loadBalancers,
    targetGroups,
    ecsServices,
  });
  return {
    loadBalancers,
    targetGroups,
    ecsServices,
    logGroups,
    trailEvents,
    apis,
    ...(failingLoadBalancer ? { failingLoadBalancer } : {}),
  };
}

interface Principal {
  readonly identity: TrailEvent['userIdentity'];
  readonly username: string;
  readonly userAgent: string;
}

function principals(accountId: string, random: Random): Principal[] {
  const role = (roleName: string, session: string, sourceIdentity?: string): Principal => ({
    identity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`,
      roleName,
      ...(sourceIdentity ? { sourceIdentity } : {}),
    },
    username: session,
    userAgent: 'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6',
  });
  return [
    role(`AWSReservedSSO_AdministratorAccess_${random.chars(16)}`, 'dana@example.com'),
    role('ops-breakglass', 'alice-incident', 'alice'),
    role('github-deploy', 'GitHubActions', 'ci-pipeline'),
    {
      identity: { type: 'IAMUser', arn: `arn:aws:iam::${accountId}:user/ci-deployer` },
      username: 'ci-deployer',
      userAgent: 'Boto3/1.35.50 md/Botocore#1.35.50 ua/2.0 os/linux#6.8 lang/python#3.12.6',
    },
    {
      identity: { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' },
      username: 'autoscaling.amazonaws.com',
      userAgent: 'autoscaling.amazonaws.com',
    },
  ];
}

interface EventTemplate {
  readonly source: string;
  readonly name: string;
  readonly resource: (input: RegionBase) => { ResourceType: string; ResourceName: string } | undefined;
}

const TEMPLATES: readonly EventTemplate[] = [
  { source: 'ec2', name: 'RunInstances', resource: (b) => ec2(b.data.instances[0]?.InstanceId) },
  { source: 'ec2', name: 'StopInstances', resource: (b) => ec2(b.data.instances.at(-1)?.InstanceId) },
  { source: 'ec2', name: 'CreateTags', resource: (b) => ec2(b.data.instances[0]?.InstanceId) },
  {
    source: 'ec2',
    name: 'AuthorizeSecurityGroupIngress',
    resource: (b) => ({ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: securityGroupId(b) }),
  },
  {
    source: 'lambda',
    name: 'UpdateFunctionCode20150331v2',
    resource: (b) => fn(b.data.functions[0]?.FunctionName),
  },
  {
    source: 'lambda',
    name: 'UpdateFunctionConfiguration20150331v2',
    resource: (b) => fn(b.data.functions.at(-1)?.FunctionName),
  },
  {
    source: 'rds',
    name: 'ModifyDBInstance',
    resource: (b) => db(b.data.dbInstances[0]?.DBInstanceIdentifier),
  },
  { source: 'cloudformation', name: 'UpdateStack', resource: () => undefined },
  {
    source: 'ssm',
    name: 'PutParameter',
    resource: () => ({ ResourceType: 'AWS::SSM::Parameter', ResourceName: '/app/feature-flags' }),
  },
];

/** IAM is global: CloudTrail records its events in us-east-1. */
const IAM_TEMPLATES: readonly EventTemplate[] = [
  {
    source: 'iam',
    name: 'PutRolePolicy',
    resource: () => ({ ResourceType: 'AWS::IAM::Role', ResourceName: 'lambda-execution' }),
  },
  {
    source: 'iam',
    name: 'AttachRolePolicy',
    resource: () => ({ ResourceType: 'AWS::IAM::Role', ResourceName: 'ecs-task' }),
  },
];

function ec2(id: string | undefined) {
  return id ? { ResourceType: 'AWS::EC2::Instance', ResourceName: id } : undefined;
}
function fn(name: string | undefined) {
  return name ? { ResourceType: 'AWS::Lambda::Function', ResourceName: name } : undefined;
}
function db(id: string | undefined) {
  return id ? { ResourceType: 'AWS::RDS::DBInstance', ResourceName: id } : undefined;
}

/** The region's security group: one per VPC, named after it (also what DescribeSecurityGroups answers). */
export function securityGroupId(base: { readonly accountId: string; readonly region: string }): string {
  const hex = (salt: string) =>
    hash32(`${base.accountId}:${base.region}:${salt}`).toString(16).padStart(8, '0');
  return `sg-0${hex('sg')}${hex('sg2')}`;
}

function generateTrailEvents(
  random: Random,
  base: RegionBase,
  story: {
    incident: boolean;
    loadBalancers: readonly LoadBalancer[];
    targetGroups: readonly TargetGroup[];
    ecsServices: readonly EcsService[];
  },
): TrailEvent[] {
  const who = principals(base.accountId, random);
  const templates = base.region === 'us-east-1' ? [...TEMPLATES, ...IAM_TEMPLATES] : TEMPLATES;
  const event = (
    template: EventTemplate,
    principal: Principal,
    ago: AgoMs,
    resource = template.resource(base),
  ): TrailEvent => ({
    EventId: `${random.chars(8)}-${random.chars(4)}-${random.chars(4)}-${random.chars(4)}-${random.chars(12)}`,
    EventName: template.name,
    EventSource: `${template.source}.amazonaws.com`,
    ago,
    Username: principal.username,
    AccessKeyId:
      principal.identity.type === 'AWSService'
        ? ''
        : `ASIA${random.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    Resources: resource ? [resource] : [],
    userIdentity: principal.identity,
    sourceIPAddress:
      principal.identity.type === 'AWSService'
        ? 'autoscaling.amazonaws.com'
        : `203.0.113.${random.int(1, 254)}`,
    userAgent: principal.userAgent,
  });
  const count = base.primary ? random.int(10, 24) : random.int(2, 6);
  const events: TrailEvent[] = Array.from({ length: count }, (_, i) => {
    // A few in the last hour, the rest spread over the day.
    const ago = i < (base.primary ? 3 : 1) ? random.int(2, 58) * MINUTE : random.int(61, 24 * 60) * MINUTE;
    return event(random.pick(templates), random.pick(who), ago);
  });
  if (story.incident) {
    const service = story.ecsServices[0];
    const group = story.targetGroups[0];
    if (service) {
      events.push(
        event({ source: 'ecs', name: 'UpdateService', resource: () => undefined }, who[2]!, 35 * MINUTE, {
          ResourceType: 'AWS::ECS::Service',
          ResourceName: service.serviceArn,
        }),
      );
    }
    if (group) {
      events.push(
        event(
          { source: 'elasticloadbalancing', name: 'ModifyTargetGroup', resource: () => undefined },
          who[1]!,
          5 * MINUTE,
          { ResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', ResourceName: group.TargetGroupArn },
        ),
      );
    }
  }
  return events.sort((a, b) => a.ago - b.ago);
}

/** The account's AWS Health events: an open issue where the incident is, an upcoming change, a closed one. */
export function generateHealthEvents(
  seed: number,
  accountId: string,
  name: string,
  regions: readonly string[],
): HealthEvent[] {
  const random = new Random(`${seed}:${accountId}:health`);
  const primary = regions[0] ?? 'us-east-1';
  const arn = (service: string, code: string, region: string) =>
    `arn:aws:health:${region}::event/${service}/${code}/${code}_${random.chars(8).toUpperCase()}_${random.int(1000, 9999)}`;
  const events: HealthEvent[] = [];
  if (hasIncident(seed, accountId, name)) {
    events.push({
      arn: arn('EC2', 'AWS_EC2_OPERATIONAL_ISSUE', primary),
      service: 'EC2',
      eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
      eventTypeCategory: 'issue',
      region: primary,
      statusCode: 'open',
      eventScopeCode: 'PUBLIC',
      startAgo: 48 * MINUTE,
      lastUpdatedAgo: 9 * MINUTE,
    });
  }
  events.push(
    {
      arn: arn('LAMBDA', 'AWS_LAMBDA_RUNTIME_DEPRECATION', primary),
      service: 'LAMBDA',
      eventTypeCode: 'AWS_LAMBDA_RUNTIME_DEPRECATION',
      eventTypeCategory: 'accountNotification',
      region: primary,
      statusCode: 'open',
      eventScopeCode: 'ACCOUNT_SPECIFIC',
      startAgo: random.int(3, 20) * DAY,
      lastUpdatedAgo: random.int(1, 3) * DAY,
    },
    {
      arn: arn('RDS', 'AWS_RDS_SYSTEM_UPGRADE_SCHEDULED', primary),
      service: 'RDS',
      eventTypeCode: 'AWS_RDS_SYSTEM_UPGRADE_SCHEDULED',
      eventTypeCategory: 'scheduledChange',
      region: primary,
      statusCode: 'upcoming',
      eventScopeCode: 'ACCOUNT_SPECIFIC',
      startAgo: -random.int(2, 12) * DAY,
      lastUpdatedAgo: random.int(1, 5) * DAY,
    },
    {
      arn: arn('SQS', 'AWS_SQS_OPERATIONAL_ISSUE', regions.at(-1) ?? primary),
      service: 'SQS',
      eventTypeCode: 'AWS_SQS_OPERATIONAL_ISSUE',
      eventTypeCategory: 'issue',
      region: regions.at(-1) ?? primary,
      statusCode: 'closed',
      eventScopeCode: 'PUBLIC',
      startAgo: 3 * DAY,
      endAgo: 3 * DAY - 2 * HOUR,
      lastUpdatedAgo: 3 * DAY - 2 * HOUR,
    },
  );
  return events;
}
