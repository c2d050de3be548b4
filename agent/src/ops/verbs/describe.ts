/**
 * `/ops <target> describe <id | arn>`: one resource, recognized from its id's prefix (i-, vol-,
 * sg-, subnet-, vpc-, eni-) or its ARN (EC2, RDS, Lambda, ELB, ECS, DynamoDB), else read as a Lambda
 * function name; described with its state and its tags in each account and region where it is (an
 * ARN names both). A search that finds it nowhere says so once.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import type { CatalogCall } from '../../catalog/index.ts';
import { arr, capLines, type Json, obj, records, str } from '../../catalog/summaries.ts';
import { FewNamed } from '../../fanout/few-named.ts';
import {
  type AccountCall,
  accountRegions,
  eachAccountRegion,
  isNotFound,
  newTally,
  tallied,
} from '../fan-out.ts';
import { readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';

interface Reading {
  readonly summary: string;
  readonly lines: string[];
}

interface Kind {
  /** `EC2 instance`. */
  readonly noun: string;
  readonly operation: string;
  /** The calls that find it: the same in every account and region, so they go in shards. */
  calls(id: string): CatalogCall[];
  /**
   * The resource in the answer, or undefined when the answer holds none; `call` asks, where it was
   * found, what the answer only points to (a function's tags, by its ARN).
   */
  read(payload: unknown, call: AccountCall): Reading | undefined | Promise<Reading | undefined>;
}

export interface DescribePlan {
  readonly kind: 'describe';
  readonly target?: string;
  /** The id or name as typed. */
  readonly id: string;
  readonly type: string;
  /** From an ARN. */
  readonly region?: string;
  readonly accountId?: string;
}

function tagLines(tags: unknown): string[] {
  const pairs = Array.isArray(tags)
    ? tags.map(obj).map((t) => `${str(t.Key)}=${str(t.Value, '')}`)
    : Object.entries(obj(tags)).map(([k, v]) => `${k}=${str(v, '')}`);
  return pairs.length ? [`tags: ${pairs.join(', ')}`] : ['tags: none'];
}

function field(label: string, value: unknown): string[] {
  const text = str(value, '');
  return text ? [`${label}: ${text}`] : [];
}

function ec2Kind(
  noun: string,
  operation: string,
  idsParam: string,
  listKey: string,
  describe: (item: Json) => Reading,
): Kind {
  return {
    noun,
    operation: `ec2 ${operation}`,
    calls: (id) => [{ service: 'ec2', operation, params: { [idsParam]: [id] } }],
    read: (payload) => {
      const item = records(payload, listKey)[0];
      return item ? describe(item) : undefined;
    },
  };
}

function nameTag(item: Json): string {
  const found = arr(item.Tags)
    .map(obj)
    .find((t) => t.Key === 'Name');
  return found ? ` (${str(found.Value)})` : '';
}

const KINDS: Readonly<Record<string, Kind>> = {
  instance: {
    noun: 'EC2 instance',
    operation: 'ec2 DescribeInstances',
    calls: (id) => [{ service: 'ec2', operation: 'DescribeInstances', params: { InstanceIds: [id] } }],
    read: (payload) => {
      const i = records(payload, 'Reservations').flatMap((r) => records(r, 'Instances'))[0];
      if (!i) return undefined;
      const placement = obj(i.Placement);
      return {
        summary: `${str(i.InstanceId)}${nameTag(i)}: ${str(obj(i.State).Name)} ${str(i.InstanceType)} in ${str(placement.AvailabilityZone)}`,
        lines: [
          ...field('private IP', i.PrivateIpAddress),
          ...field('public IP', i.PublicIpAddress),
          ...field('VPC', i.VpcId),
          ...field('subnet', i.SubnetId),
          ...field('image', i.ImageId),
          ...field('launched', i.LaunchTime),
          ...tagLines(i.Tags),
        ],
      };
    },
  },
  volume: ec2Kind('EBS volume', 'DescribeVolumes', 'VolumeIds', 'Volumes', (v) => ({
    summary: `${str(v.VolumeId)}${nameTag(v)}: ${str(v.State)} ${str(v.VolumeType)} ${str(v.Size)} GiB in ${str(v.AvailabilityZone)}`,
    lines: [
      ...records(v, 'Attachments').map(
        (a) => `attached to ${str(a.InstanceId)} as ${str(a.Device)} (${str(a.State)})`,
      ),
      ...field('encrypted', String(v.Encrypted)),
      ...field('created', v.CreateTime),
      ...tagLines(v.Tags),
    ],
  })),
  'security-group': ec2Kind(
    'security group',
    'DescribeSecurityGroups',
    'GroupIds',
    'SecurityGroups',
    (g) => ({
      summary: `${str(g.GroupId)} (${str(g.GroupName)}) in ${str(g.VpcId)}: ${records(g, 'IpPermissions').length} inbound, ${records(g, 'IpPermissionsEgress').length} outbound rules`,
      lines: [
        ...field('description', g.Description),
        ...records(g, 'IpPermissions').map(
          (p) =>
            `in ${str(p.IpProtocol)} ${str(p.FromPort, 'all')}-${str(p.ToPort, 'all')} from ${records(
              p,
              'IpRanges',
            )
              .map((r) => str(r.CidrIp))
              .join(', ')}`,
        ),
        ...tagLines(g.Tags),
      ],
    }),
  ),
  subnet: ec2Kind('subnet', 'DescribeSubnets', 'SubnetIds', 'Subnets', (s) => ({
    summary: `${str(s.SubnetId)}${nameTag(s)}: ${str(s.State)} ${str(s.CidrBlock)} in ${str(s.AvailabilityZone)}, ${str(s.AvailableIpAddressCount)} free IPs`,
    lines: [...field('VPC', s.VpcId), ...tagLines(s.Tags)],
  })),
  vpc: ec2Kind('VPC', 'DescribeVpcs', 'VpcIds', 'Vpcs', (v) => ({
    summary: `${str(v.VpcId)}${nameTag(v)}: ${str(v.State)} ${str(v.CidrBlock)}${v.IsDefault ? ' (default)' : ''}`,
    lines: tagLines(v.Tags),
  })),
  eni: ec2Kind(
    'network interface',
    'DescribeNetworkInterfaces',
    'NetworkInterfaceIds',
    'NetworkInterfaces',
    (n) => ({
      summary: `${str(n.NetworkInterfaceId)}: ${str(n.Status)} ${str(n.PrivateIpAddress)} in ${str(n.AvailabilityZone)}`,
      lines: [
        ...field('attached to', obj(n.Attachment).InstanceId),
        ...field('subnet', n.SubnetId),
        ...field('VPC', n.VpcId),
        ...field(
          'security groups',
          records(n, 'Groups')
            .map((g) => str(g.GroupId))
            .join(', '),
        ),
        ...field('description', n.Description),
        ...tagLines(n.TagSet),
      ],
    }),
  ),
  'db-instance': {
    noun: 'RDS instance',
    operation: 'rds DescribeDBInstances',
    calls: (id) => [
      { service: 'rds', operation: 'DescribeDBInstances', params: { DBInstanceIdentifier: id } },
    ],
    read: (payload) => {
      const d = records(payload, 'DBInstances')[0];
      if (!d) return undefined;
      return {
        summary: `${str(d.DBInstanceIdentifier)}: ${str(d.DBInstanceStatus)} ${str(d.Engine)} ${str(d.EngineVersion)} ${str(d.DBInstanceClass)}`,
        lines: [
          ...field('endpoint', `${str(obj(d.Endpoint).Address, '')}:${str(obj(d.Endpoint).Port, '')}`),
          ...field('AZ', d.AvailabilityZone),
          ...field('multi-AZ', String(d.MultiAZ)),
          ...field('storage', `${str(d.AllocatedStorage)} GiB ${str(d.StorageType, '')}`),
          ...tagLines(d.TagList),
        ],
      };
    },
  },
  function: {
    noun: 'Lambda function',
    operation: 'lambda GetFunctionConfiguration',
    calls: (id) => [
      { service: 'lambda', operation: 'GetFunctionConfiguration', params: { FunctionName: id } },
    ],
    read: async (payload, call) => {
      const config = obj(payload);
      if (!config.FunctionName) return undefined;
      const tags = obj(
        await call([
          { service: 'lambda', operation: 'ListTags', params: { Resource: str(config.FunctionArn) } },
        ]),
      );
      return {
        summary: `${str(config.FunctionName)}: ${str(config.State, 'Active')} ${str(config.Runtime, 'container')}, ${str(config.MemorySize)} MB, timeout ${str(config.Timeout)} s`,
        lines: [
          ...field('handler', config.Handler),
          ...field('last modified', config.LastModified),
          ...field('role', config.Role),
          ...field('architectures', arr(config.Architectures).join(', ')),
          ...tagLines(tags.Tags),
        ],
      };
    },
  },
  'load-balancer': {
    noun: 'load balancer',
    operation: 'elbv2 DescribeLoadBalancers',
    calls: (id) => [
      { service: 'elbv2', operation: 'DescribeLoadBalancers', params: { LoadBalancerArns: [id] } },
      { service: 'elbv2', operation: 'DescribeTags', params: { ResourceArns: [id] } },
    ],
    read: (payload) => {
      const [described, tags] = arr(payload);
      const lb = records(described, 'LoadBalancers')[0];
      if (!lb) return undefined;
      return {
        summary: `${str(lb.LoadBalancerName)}: ${str(obj(lb.State).Code)} ${str(lb.Type)} ${str(lb.Scheme)}`,
        lines: [
          ...field('DNS', lb.DNSName),
          ...field('VPC', lb.VpcId),
          ...field(
            'zones',
            records(lb, 'AvailabilityZones')
              .map((z) => str(z.ZoneName))
              .join(', '),
          ),
          ...tagLines(records(tags, 'TagDescriptions')[0]?.Tags),
        ],
      };
    },
  },
  'ecs-service': {
    noun: 'ECS service',
    operation: 'ecs DescribeServices',
    calls: (id) => [
      {
        service: 'ecs',
        operation: 'DescribeServices',
        params: { cluster: id.split('/').at(-2) ?? 'default', services: [id], include: ['TAGS'] },
      },
    ],
    read: (payload) => {
      const s = records(payload, 'services')[0];
      if (!s) return undefined;
      return {
        summary: `${str(s.serviceName)}: ${str(s.status)} ${str(s.runningCount)}/${str(s.desiredCount)} running, ${str(s.pendingCount)} pending`,
        lines: [
          ...field('task definition', str(s.taskDefinition).split('/').at(-1)),
          ...records(s, 'events')
            .slice(0, 3)
            .map((e) => `${str(e.createdAt)}: ${str(e.message)}`),
          ...tagLines(s.tags),
        ],
      };
    },
  },
  table: {
    noun: 'DynamoDB table',
    operation: 'dynamodb DescribeTable',
    calls: (id) => [
      { service: 'dynamodb', operation: 'DescribeTable', params: { TableName: id.split('/').at(-1) } },
    ],
    read: (payload) => {
      const t = obj(obj(payload).Table);
      if (!t.TableName) return undefined;
      return {
        summary: `${str(t.TableName)}: ${str(t.TableStatus)}, ${str(t.ItemCount)} items, ${str(obj(t.BillingModeSummary).BillingMode, 'PROVISIONED')}`,
        lines: [...field('size', `${str(t.TableSizeBytes)} bytes`), ...field('ARN', t.TableArn)],
      };
    },
  },
};

const ID_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^i-[0-9a-f]{8,17}$/, 'instance'],
  [/^vol-[0-9a-f]{8,17}$/, 'volume'],
  [/^sg-[0-9a-f]{8,17}$/, 'security-group'],
  [/^subnet-[0-9a-f]{8,17}$/, 'subnet'],
  [/^vpc-[0-9a-f]{8,17}$/, 'vpc'],
  [/^eni-[0-9a-f]{8,17}$/, 'eni'],
];

const ARN = /^arn:aws[\w-]*:([\w-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** What an id or ARN names, where it says so. */
export function recognize(
  id: string,
): Pick<DescribePlan, 'id' | 'type' | 'region' | 'accountId'> | undefined {
  for (const [pattern, type] of ID_PREFIXES) if (pattern.test(id)) return { id, type };
  const arn = ARN.exec(id);
  if (!arn) return /^[A-Za-z0-9_-]{1,140}$/.test(id) ? { id, type: 'function' } : undefined;
  const [, service, region, accountId, resource] = arn as unknown as [string, string, string, string, string];
  const where = { ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
  const type =
    service === 'ec2'
      ? resource.startsWith('instance/')
        ? 'instance'
        : resource.startsWith('volume/')
          ? 'volume'
          : resource.startsWith('security-group/')
            ? 'security-group'
            : undefined
      : service === 'rds' && resource.startsWith('db:')
        ? 'db-instance'
        : service === 'lambda' && resource.startsWith('function:')
          ? 'function'
          : service === 'elasticloadbalancing' && resource.startsWith('loadbalancer/')
            ? 'load-balancer'
            : service === 'ecs' && resource.startsWith('service/')
              ? 'ecs-service'
              : service === 'dynamodb' && resource.startsWith('table/')
                ? 'table'
                : undefined;
  if (!type) return undefined;
  // EC2 and RDS take the id, not the ARN; the others take the ARN whole.
  const bare =
    type === 'instance' || type === 'volume' || type === 'security-group'
      ? (resource.split('/').at(-1) ?? id)
      : type === 'db-instance'
        ? resource.slice('db:'.length)
        : type === 'function'
          ? (resource.split(':')[1] ?? id)
          : id;
  return { id: bare, type, ...where };
}

export const describe: OpsVerb<'describe', DescribePlan> = {
  name: 'describe',
  aliases: ['show'],
  targeted: true,
  usage: '/ops <target> describe <id | arn>',
  summary: 'one resource (i-, vol-, sg-, subnet-, vpc-, eni-, an ARN, a Lambda name): its state and tags',

  plan(words, context) {
    const raw = context?.raw ?? words;
    if (raw.length !== 1) return usage('Name one resource id or ARN.', describe);
    const found = recognize(raw[0]!);
    if (!found)
      return usage(
        `"${raw[0]}" is not an id or ARN CentralOps recognizes (i-, vol-, sg-, subnet-, vpc-, eni-, or an EC2, RDS, Lambda, ELB, ECS or DynamoDB ARN).`,
        describe,
      );
    // An ARN names its account: it is the target when none is typed.
    const target = context?.target ?? found.accountId;
    return { kind: 'describe', ...found, ...(target ? { target } : {}) };
  },

  async *run(plan, turn) {
    const kind = KINDS[plan.type]!;
    const readable = yield* readableAccounts(turn, plan.target, 'Describe', `/ops prod describe ${plan.id}`);
    if (!readable) return;
    const accounts = plan.accountId
      ? readable.accounts.filter((a) => a.id === plan.accountId)
      : readable.accounts;
    if (accounts.length === 0) {
      turn.answer.summary = `${plan.id} is in account ${plan.accountId}, not in ${readable.label}.`;
      yield { type: 'text', delta: `${turn.answer.summary} Ask /ops ${plan.accountId} describe ${plan.id}.` };
      return;
    }
    yield { type: 'status', message: `looking for ${kind.noun} ${plan.id}…` };
    const missing = new FewNamed();
    const tally = newTally();
    yield* tallied(
      eachAccountRegion({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts,
        regionsFor: (account) => (plan.region ? [plan.region] : accountRegions(account)),
        first: kind.calls(plan.id),
        run: async (account: Account, region: string, { first, call }): Promise<AgentEvent[]> => {
          let reading: Reading | undefined;
          try {
            reading = await kind.read(await first(), call);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          if (!reading) {
            missing.add(`${account.name} ${region}`);
            return [];
          }
          return [
            {
              type: 'result',
              account: accountRef(account),
              region,
              operation: kind.operation,
              summary: reading.summary,
              lines: capLines(reading.lines),
            },
          ];
        },
      }),
      tally,
    );
    if (tally.refused) {
      turn.answer.summary = `${kind.noun} ${plan.id}: refused by the policy.`;
      return;
    }
    if (tally.answered === 0)
      yield {
        type: 'text',
        delta: `No ${kind.noun} ${plan.id} in ${missing.phrase('account-region') || 'the accounts asked'}.`,
      };
    turn.answer.accounts = accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary = tally.answered
      ? `${kind.noun} ${plan.id}: found in ${tally.answered} place${tally.answered === 1 ? '' : 's'}`
      : `${kind.noun} ${plan.id}: not found`;
  },
};
