/**
 * The AWS API operations the sandbox answers, over the generated dataset, in the shapes boto3 and
 * the AWS CLI return (PascalCase keys). Mutating and secret-reading calls are refused as the
 * member accounts' read-only role would refuse them.
 */

import { CLOUDTRAIL_OPERATIONS } from './cloudtrail.ts';
import { CLOUDWATCH_OPERATIONS } from './cloudwatch.ts';
import type { KnownCredentials } from './credentials.ts';
import { costOn, environmentOf } from './dataset.ts';
import { EC2_RESOURCE_OPERATIONS } from './ec2-resources.ts';
import { ECS_DIAGNOSTICS_OPERATIONS } from './ecs.ts';
import { ELBV2_OPERATIONS } from './elbv2.ts';
import { AwsApiError, ScriptError } from './errors.ts';
import { HEALTH_OPERATIONS } from './health.ts';
import { LOGS_OPERATIONS } from './logs.ts';
import type { ApiCall, ApiContext, Operation, OperationInput } from './operation.ts';
import { normalize, Params } from './params.ts';
import { AWS_REGIONS, isKnownRegion } from './regions.ts';
import type { RegionData } from './types.ts';

/** Services (query and REST-XML protocols) whose code is AccessDenied rather than AccessDeniedException. */
const SHORT_ACCESS_DENIED = new Set([
  'iam',
  'rds',
  'cloudformation',
  'cloudwatch',
  'sns',
  'sts',
  's3',
  'route53',
]);

/** Real services the sandbox does not emulate: calls to them are answered UnsupportedOperation. */
const OTHER_AWS_SERVICES = new Set([
  'ssm',
  'secretsmanager',
  'kms',
  'elb',
  'autoscaling',
  'apigateway',
  'apigatewayv2',
  'cloudfront',
  'config',
  'ecr',
  'efs',
  'elasticache',
  'es',
  'opensearch',
  'events',
  'firehose',
  'glue',
  'guardduty',
  'kinesis',
  'organizations',
  'securityhub',
  'stepfunctions',
  'wafv2',
  'acm',
  'athena',
  'backup',
  'codebuild',
  'codepipeline',
  'redshift',
  'sagemaker',
]);

/** Operations ReadOnlyAccess grants although their verb looks like a change. */
const READ_ONLY_EXCEPTIONS = new Set(['logs:StartQuery']);
/** Reads that the read-only role must not be able to make (secrets). */
const SECRET_READS = /^(secretsmanager:GetSecretValue|kms:Decrypt|ssm:GetParameters?(ByPath)?)$/;
const MUTATING =
  /^(Create|Delete|Put|Update|Terminate|Stop|Start|Run|Modify|Attach|Detach|Reboot|Invoke|Send|Publish|Tag|Untag|Set|Add|Remove|Associate|Disassociate|Enable|Disable|Register|Deregister|Reset|Restore|Copy|Import|Cancel|Authorize|Revoke|Purge|Receive|Allocate|Release|Replace)/;

const OPERATIONS: Record<string, Record<string, Operation>> = {
  ec2: {
    ...EC2_RESOURCE_OPERATIONS,
    DescribeInstances: describeInstances,
    DescribeRegions: () => ({
      Regions: AWS_REGIONS.map(([name]) => ({
        RegionName: name,
        Endpoint: `ec2.${name}.amazonaws.com`,
        OptInStatus: 'opt-in-not-required',
      })),
    }),
  },
  s3: {
    ListBuckets: ({ account, call }) => ({
      Buckets: account.global.buckets,
      Owner: { DisplayName: account.name, ID: `${call.caller.accountId}c0ffee`.padEnd(64, '0') },
    }),
  },
  lambda: {
    ListFunctions: ({ data }) => ({ Functions: data.functions }),
    GetFunction: (input) => {
      const f = findFunction(input);
      return {
        Configuration: f,
        Code: {
          RepositoryType: 'S3',
          Location: `https://awslambda-${input.call.region}-tasks.s3.${input.call.region}.amazonaws.com/snapshots/${input.call.caller.accountId}/${f.FunctionName}`,
        },
        Tags: { Environment: input.account.name },
      };
    },
    GetFunctionConfiguration: (input) => findFunction(input),
    ListTags: ({ data, p, account, call }) => {
      const arn = p.string('Resource') ?? '';
      if (!data.functions.some((f) => f.FunctionArn === arn)) {
        throw new AwsApiError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
      }
      return { Tags: { Environment: environmentOf(account.name), Region: call.region } };
    },
  },
  cloudwatch: CLOUDWATCH_OPERATIONS,
  rds: {
    DescribeDBInstances: ({ data, p, account }) => {
      const id = p.string('DBInstanceIdentifier');
      const found = data.dbInstances.filter((d) => !id || d.DBInstanceIdentifier === id);
      if (id && found.length === 0)
        throw new AwsApiError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
      return {
        DBInstances: found.map((d) => ({
          ...d,
          TagList: [{ Key: 'Environment', Value: environmentOf(account.name) }],
        })),
      };
    },
  },
  ecs: {
    ListClusters: ({ data }) => ({ clusterArns: data.ecsClusters.map((c) => c.clusterArn) }),
    DescribeClusters: ({ data, p }) => {
      const wanted = p.list('clusters');
      const names = wanted.length > 0 ? wanted : ['default'];
      const found = data.ecsClusters.filter(
        (c) => names.includes(c.clusterName) || names.includes(c.clusterArn),
      );
      return {
        clusters: found.map(({ services: _services, ...cluster }) => cluster),
        failures: names
          .filter((n) => !found.some((c) => c.clusterName === n || c.clusterArn === n))
          .map((n) => ({ arn: n, reason: 'MISSING' })),
      };
    },
    ...ECS_DIAGNOSTICS_OPERATIONS,
    ListServices: ({ data, p }) => {
      const name = p.string('cluster') ?? 'default';
      const cluster = data.ecsClusters.find((c) => c.clusterName === name || c.clusterArn === name);
      if (!cluster) throw new AwsApiError('ClusterNotFoundException', 'Cluster not found.', 400);
      return { serviceArns: cluster.services };
    },
  },
  eks: {
    ListClusters: ({ data }) => ({ clusters: data.eksClusters }),
    DescribeCluster: ({ data, p, call }) => {
      const name = p.string('name');
      if (!name || !data.eksClusters.includes(name)) {
        throw new AwsApiError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
      }
      return {
        cluster: {
          name,
          arn: `arn:aws:eks:${call.region}:${call.caller.accountId}:cluster/${name}`,
          createdAt: '2025-06-01T10:00:00+00:00',
          version: '1.31',
          endpoint: `https://${name}.gr7.${call.region}.eks.amazonaws.com`,
          status: 'ACTIVE',
          platformVersion: 'eks.12',
        },
      };
    },
  },
  iam: {
    ListUsers: ({ account }) => ({ Users: account.global.users, IsTruncated: false }),
    ListRoles: ({ account }) => ({ Roles: account.global.roles, IsTruncated: false }),
    ListAccountAliases: ({ account }) => ({ AccountAliases: [account.name], IsTruncated: false }),
  },
  cloudformation: {
    DescribeStacks: ({ data, p }) => {
      const name = p.string('StackName');
      const stacks = data.stacks.filter((s) => !name || s.StackName === name || s.StackId === name);
      if (name && stacks.length === 0)
        throw new AwsApiError('ValidationError', `Stack with id ${name} does not exist`);
      return { Stacks: stacks };
    },
    ListStacks: ({ data }) => ({
      StackSummaries: data.stacks.map((s) => ({
        StackId: s.StackId,
        StackName: s.StackName,
        CreationTime: s.CreationTime,
        StackStatus: s.StackStatus,
        TemplateDescription: s.Description,
      })),
    }),
  },
  dynamodb: {
    ListTables: ({ data }) => ({ TableNames: data.tables }),
    DescribeTable: ({ data, p, call }) => {
      const name = p.string('TableName');
      if (!name || !data.tables.includes(name)) {
        throw new AwsApiError(
          'ResourceNotFoundException',
          `Requested resource not found: Table: ${name} not found`,
        );
      }
      return {
        Table: {
          TableName: name,
          TableStatus: 'ACTIVE',
          TableArn: `arn:aws:dynamodb:${call.region}:${call.caller.accountId}:table/${name}`,
          ItemCount: name.length * 1000,
          TableSizeBytes: name.length * 250_000,
          BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        },
      };
    },
  },
  sqs: {
    ListQueues: ({ data, p }) => {
      const prefix = p.string('QueueNamePrefix');
      return {
        QueueUrls: data.queues.filter((q) => !prefix || (q.split('/').at(-1) ?? '').startsWith(prefix)),
      };
    },
  },
  sns: {
    ListTopics: ({ data }) => ({ Topics: data.topics.map((TopicArn) => ({ TopicArn })) }),
  },
  route53: {
    ListHostedZones: ({ account }) => ({
      HostedZones: account.global.hostedZones,
      IsTruncated: false,
      MaxItems: '100',
    }),
  },
  ce: {
    GetCostAndUsage: getCostAndUsage,
  },
  cloudtrail: CLOUDTRAIL_OPERATIONS,
  logs: LOGS_OPERATIONS,
  health: HEALTH_OPERATIONS,
  elbv2: ELBV2_OPERATIONS,
  sts: {
    GetCallerIdentity: ({ call }) => ({
      UserId: call.caller.assumedRoleId,
      Account: call.caller.accountId,
      Arn: call.caller.arn,
    }),
  },
};

/** Services whose resources are global (answered the same from every region). */
const GLOBAL_SERVICES = new Set(['s3', 'iam', 'route53', 'ce', 'sts']);

export function isKnownService(service: string): boolean {
  return service in OPERATIONS || OTHER_AWS_SERVICES.has(service);
}

/** The canonical (PascalCase) operation name for any of its spellings, when the sandbox emulates it. */
export function canonicalOperation(service: string, operation: string): string | undefined {
  const key = normalize(operation);
  return Object.keys(OPERATIONS[service] ?? {}).find((name) => normalize(name) === key);
}

/**
 * Runs one API call. Throws AwsApiError as the service would answer, ScriptError when the call
 * could not even be sent (unknown service or region).
 */
export function invoke(ctx: ApiContext, call: ApiCall): unknown {
  if (!isKnownService(call.service)) {
    throw new ScriptError(
      'UnknownServiceError',
      `Unknown service: '${call.service}'. Valid service names are: ${Object.keys(OPERATIONS).join(', ')}`,
    );
  }
  if (!isKnownRegion(call.region)) {
    throw new ScriptError(
      'EndpointConnectionError',
      `Could not connect to the endpoint URL: "https://${call.service}.${call.region}.amazonaws.com/"`,
    );
  }
  const operation = canonicalOperation(call.service, call.operation) ?? pascal(call.operation);
  const action = `${call.service}:${operation}`;
  if ((MUTATING.test(operation) && !READ_ONLY_EXCEPTIONS.has(action)) || SECRET_READS.test(action))
    throw accessDenied(call, operation);
  const handler = OPERATIONS[call.service]?.[operation];
  if (!handler) {
    throw new AwsApiError('UnsupportedOperation', `The CentralOps sandbox does not emulate ${action}.`, 400);
  }
  const account = ctx.dataset.account(call.caller.accountId);
  const region = GLOBAL_SERVICES.has(call.service) ? (account.regions[0] ?? call.region) : call.region;
  return handler({
    account,
    data: ctx.dataset.region(call.caller.accountId, region),
    call,
    p: new Params(call.params),
    now: ctx.now(),
    queries: ctx.queries,
  });
}

/** The error the read-only role's missing permission produces. */
export function accessDenied(
  call: { readonly service: string; readonly caller: KnownCredentials },
  operation: string,
): AwsApiError {
  const action = `${call.service}:${operation}`;
  const message = `User: ${call.caller.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  if (call.service === 'ec2')
    return new AwsApiError(
      'UnauthorizedOperation',
      `You are not authorized to perform this operation. ${message}`,
      403,
    );
  return new AwsApiError(
    SHORT_ACCESS_DENIED.has(call.service) ? 'AccessDenied' : 'AccessDeniedException',
    message,
    403,
  );
}

/** `describe-instances` or `describe_instances` → `DescribeInstances`. */
export function pascal(operation: string): string {
  return operation
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function describeInstances({ data, p, call }: OperationInput): unknown {
  const ids = p.list('InstanceIds');
  const missing = ids.filter((id) => !data.instances.some((i) => i.InstanceId === id));
  if (missing.length > 0) {
    throw new AwsApiError(
      'InvalidInstanceID.NotFound',
      `The instance IDs '${missing.join(', ')}' do not exist`,
    );
  }
  const filters = p.records('Filters').map((f) => {
    const params = new Params(f);
    return { name: params.string('Name') ?? '', values: params.list('Values') };
  });
  const matches = (instance: RegionData['instances'][number], name: string, values: string[]): boolean => {
    const any = (actual: string | undefined): boolean =>
      actual !== undefined &&
      values.some((v) =>
        new RegExp(
          `^${v
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(actual),
      );
    if (name.startsWith('tag:')) return any(instance.Tags.find((t) => t.Key === name.slice(4))?.Value);
    switch (name) {
      case 'instance-state-name':
        return any(instance.State.Name);
      case 'instance-id':
        return any(instance.InstanceId);
      case 'instance-type':
        return any(instance.InstanceType);
      case 'availability-zone':
        return any(instance.Placement.AvailabilityZone);
      case 'vpc-id':
        return any(instance.VpcId);
      case 'tag-key':
        return instance.Tags.some((t) => any(t.Key));
      default:
        throw new AwsApiError('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
  };
  const selected = data.instances.filter(
    (i) =>
      (ids.length === 0 || ids.includes(i.InstanceId)) && filters.every((f) => matches(i, f.name, f.values)),
  );
  const reservations = new Map<string, unknown[]>();
  for (const { ReservationId, ...instance } of selected) {
    reservations.set(ReservationId, [...(reservations.get(ReservationId) ?? []), instance]);
  }
  return {
    Reservations: [...reservations].map(([ReservationId, Instances]) => ({
      ReservationId,
      OwnerId: call.caller.accountId,
      Groups: [],
      Instances,
    })),
  };
}

function findFunction({ data, p, call }: OperationInput) {
  const name = p.string('FunctionName') ?? '';
  const f = data.functions.find((x) => x.FunctionName === name || x.FunctionArn === name);
  if (!f) {
    throw new AwsApiError(
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${call.region}:${call.caller.accountId}:function:${name}`,
      404,
    );
  }
  return f;
}

function getCostAndUsage({ call, p }: OperationInput): unknown {
  const period = new Params((p.get('TimePeriod') ?? {}) as Record<string, unknown>);
  const start = period.string('Start');
  const end = period.string('End');
  if (
    !start ||
    !end ||
    !/^\d{4}-\d{2}-\d{2}$/.test(start) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(end) ||
    start >= end
  ) {
    throw new AwsApiError(
      'ValidationException',
      'Start date (and End date) must be valid dates in YYYY-MM-DD format, with Start before End.',
    );
  }
  const metrics = p.list('Metrics');
  if (metrics.length === 0) throw new AwsApiError('ValidationException', 'Metrics is required.');
  const granularity = p.string('Granularity') ?? 'DAILY';
  const groupBy = p.records('GroupBy').map((g) => new Params(g).string('Key'));
  const services = [
    'Amazon Elastic Compute Cloud - Compute',
    'AWS Lambda',
    'Amazon Simple Storage Service',
    'Amazon Relational Database Service',
    'AmazonCloudWatch',
  ];
  const shares = [0.45, 0.1, 0.15, 0.25, 0.05];
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t < Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  const periods =
    granularity === 'MONTHLY'
      ? [...new Set(days.map((d) => d.slice(0, 7)))].map((m) => days.filter((d) => d.startsWith(m)))
      : days.map((d) => [d]);
  const amount = (n: number): Record<string, { Amount: string; Unit: string }> =>
    Object.fromEntries(metrics.map((m) => [m, { Amount: n.toFixed(10), Unit: 'USD' }]));
  return {
    GroupDefinitions: p.records('GroupBy'),
    ResultsByTime: periods.map((group) => {
      const total = group.reduce((sum, d) => sum + costOn(call.caller.accountId, d), 0);
      const periodEnd = new Date(Date.parse(`${group.at(-1)}T00:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      return {
        TimePeriod: { Start: group[0], End: periodEnd },
        Total: groupBy.length > 0 ? {} : amount(total),
        Groups: groupBy.includes('SERVICE')
          ? services.map((s, i) => ({ Keys: [s], Metrics: amount(total * shares[i]!) }))
          : [],
        Estimated: periodEnd > new Date().toISOString().slice(0, 10),
      };
    }),
    DimensionValueAttributes: [],
  };
}
