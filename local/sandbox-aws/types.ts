/** Public shapes of the sandbox AWS (see docs/sandbox.md). */
import type { FaultKind, StsFaultCode } from './faults.ts';

export interface SandboxAccountOptions {
  /** 12-digit account id. */
  readonly id: string;
  /** @default `sandbox-<id>` */
  readonly name?: string;
  /** Regions holding resources; other valid regions answer empty. @default ['us-east-1'] */
  readonly regions?: readonly string[];
}

export type ResponseMode = 'auto' | 'json' | 'sse';

/** Account.State as Organizations answers it since 2025 (Account.Status, its predecessor, lacks the last two). */
export type SandboxAccountState =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'PENDING_CLOSURE'
  | 'PENDING_ACTIVATION'
  | 'CLOSED';

export interface SandboxOrganizationAccount extends SandboxAccountOptions {
  /** OU path from the root by OU names, `/` for the root itself: `/Workloads/Prod`. @default '/' */
  readonly ouPath?: string;
  /** @default 'ACTIVE' */
  readonly state?: SandboxAccountState;
  /** Tags on the account (Organizations ListTagsForResource). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default `aws+<id>@example.com` */
  readonly email?: string;
  /** The StackSet has not deployed the target role there: AssumeRole into it is refused. @default false */
  readonly targetRoleMissing?: boolean;
}

export interface SandboxOrganizationOptions {
  /** The management account; listed at the root under `managementAccountName` unless `accounts` has it. */
  readonly managementAccountId: string;
  /** @default 'management' */
  readonly managementAccountName?: string;
  /** Member accounts that may read the organization as delegated administrators. @default [] */
  readonly delegatedAdministrators?: readonly string[];
  /** Role, in the management account and each delegated administrator, that reads the organization. @default 'CentralOpsOrganizationsRead' */
  readonly readRoleName?: string;
  readonly accounts: readonly SandboxOrganizationAccount[];
  /** OUs that exist without accounts directly in them, as paths (`/Sandbox/Empty`). @default [] */
  readonly organizationalUnits?: readonly string[];
  /**
   * Which of Account.State and Account.Status answers carry. AWS retired Status on 2026-09-09;
   * older answers carry both, older still Status only. @default 'state'
   */
  readonly accountStatusFields?: 'state' | 'status' | 'both';
  /**
   * Answer every n-th page of a listing empty (with a NextToken), as Organizations "can occasionally
   * return an empty set of results even when there are more results available". @default 0: never
   */
  readonly emptyPageEvery?: number;
}

/** What tests change of the organization between syncs (organization-tree.ts's SandboxOrganization). */
export interface SandboxOrganizationControls {
  readonly id: string;
  readonly managementAccountId: string;
  /** Adds an account (created in, or invited to, the organization). */
  addAccount(account: SandboxOrganizationAccount): void;
  /** MoveAccount: to the OU at `ouPath` (created if new). */
  moveAccount(accountId: string, ouPath: string): void;
  setState(accountId: string, state: SandboxAccountState): void;
  setTags(accountId: string, tags: Readonly<Record<string, string>>): void;
  /** RemoveAccountFromOrganization (or a closed account's end, 90 days on). */
  removeAccount(accountId: string): void;
}

export interface SandboxAwsOptions {
  readonly accounts: readonly SandboxAccountOptions[];
  /** Role that AssumeRole may target in every member account. @default 'CentralOpsTargetRole' */
  readonly roleName?: string;
  /** When set, AssumeRole must carry exactly this ExternalId. @default undefined (not required) */
  readonly externalId?: string;
  /** Account owning `centralCredentials`. @default '999999999999' */
  readonly centralAccountId?: string;
  /** Seed of the generated dataset: same seed, same resources. @default 1 */
  readonly seed?: number;
  /** The role's MaxSessionDuration: longer DurationSeconds are refused, as AWS does. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /**
   * How /mcp answers requests whose Accept allows both JSON and SSE: 'auto' answers JSON, 'sse'
   * forces an SSE stream, 'json' forces JSON. @default 'auto'
   */
  readonly responseMode?: ResponseMode;
  /** Longest a 'timeout' fault holds a response before answering 504. @default 20_000 */
  readonly timeoutHoldMs?: number;
  /** Clock (epoch ms) deciding credential expiry and metric windows. @default Date.now */
  readonly now?: () => number;
  /**
   * The tools served (a self-hosted AWS API MCP server offers call_aws but no run_script).
   * @default every tool of TOOL_NAMES
   */
  readonly tools?: readonly string[];
  /**
   * An AWS organization for the Organizations API; its accounts are member accounts too (STS, MCP).
   * @default undefined: no organization (every caller hears AWSOrganizationsNotInUseException)
   */
  readonly organization?: SandboxOrganizationOptions;
}

export type { FaultKind, StsFaultCode } from './faults.ts';

export interface OrganizationsCallRecord {
  readonly operation: string;
  /** Account whose credentials signed the request ('' when the key is unknown). */
  readonly accountId: string;
  /** HTTP status answered. */
  readonly status: number;
  readonly errorCode?: string;
}

export interface StsCallRecord {
  readonly action: string;
  /** Target account of AssumeRole ('' when the RoleArn did not parse). */
  readonly accountId: string;
  readonly roleName: string;
  readonly roleSessionName: string;
  readonly sourceIdentity?: string;
  readonly externalId?: string;
  readonly durationSeconds: number;
  readonly ok: boolean;
  /** AWS error code when refused. */
  readonly errorCode?: string;
}

export interface McpCallRecord {
  /** JSON-RPC method, or the HTTP method for GET/DELETE on /mcp. */
  readonly method: string;
  readonly toolName?: string;
  /** Account whose assumed-role credentials signed the request ('' when the key is unknown). */
  readonly accountId: string;
  readonly region?: string;
  /** HTTP status answered. */
  readonly status: number;
  /** SourceIdentity carried by the signing credentials. */
  readonly sourceIdentity?: string;
  /** For tools/call: whether the tool result was an error. */
  readonly isError?: boolean;
}

export interface SandboxCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SandboxAws {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** For AWS_ENDPOINT_URL_STS. */
  readonly stsEndpoint: string;
  /** `url + '/mcp'`, for AWS_MCP_ENDPOINT. */
  readonly mcpEndpoint: string;
  /** Long-term keys of the central account: the only keys allowed to call AssumeRole. */
  readonly centralCredentials: SandboxCredentials;
  /** The central account's id (where the bridge's own calls come from). */
  readonly centralAccountId: string;
  /** AWS_ENDPOINT_URL_STS / _SECRETS_MANAGER / _ORGANIZATIONS, AWS_MCP_ENDPOINT, AWS_REGION and the central account's keys. */
  readonly env: Record<string, string>;
  readonly calls: {
    readonly sts: StsCallRecord[];
    readonly mcp: McpCallRecord[];
    /** SecretId of every GetSecretValue. */
    readonly secretsManager: string[];
    readonly organizations: OrganizationsCallRecord[];
  };
  /** The organization, changeable between syncs (accounts join, move, close); undefined without one. */
  readonly organization: SandboxOrganizationControls | undefined;
  /** `arn:aws:iam::<management>:role/<readRoleName>`: the role that reads the organization. */
  readonly organizationReadRoleArn: string | undefined;
  /**
   * Whether the member target role is missing in an account (the StackSet has not reached it, or
   * someone deleted it): AssumeRole into it is then refused with AccessDenied. @default missing true
   */
  setTargetRoleMissing(accountId: string, missing?: boolean): void;
  /** Delay every Organizations request. */
  setOrganizationsLatency(ms: number): void;
  /** Make the next `times` Organizations requests (of one operation, or any) fail. @default times 1 */
  injectOrganizationsFault(fault: 'throttle' | 'server_error', times?: number, operation?: string): void;
  /** Stores a secret of the central account; `undefined` creates it without a value (as infra does). */
  putSecret(name: string, value: string | undefined): void;
  /** Delay every /mcp request (of one account, or of all when accountId is omitted). */
  setLatency(ms: number, accountId?: string): void;
  /** Delay every AssumeRole and every MCP initialize: the round trips a new session starts with. */
  setHandshakeLatency(ms: number): void;
  /** Make the next `times` tools/call of the account fail this way. @default times 1 */
  injectFault(accountId: string, fault: FaultKind, times?: number): void;
  /** Make the next `times` AssumeRole calls into the account answer this throttling error. @default times 1 */
  injectStsFault(accountId: string, code: StsFaultCode, times?: number): void;
  /** Throttle AssumeRole beyond `perSecond` calls a second (bursts of one second's worth); undefined lifts it. */
  setStsRateLimit(perSecond: number | undefined): void;
  /** Drop pending faults, latencies and the STS rate limit. */
  clearFaults(): void;
  /** Resolves once `count` /mcp responses are held at once (by latency or a timeout fault). */
  holding(count: number): Promise<void>;
  /** Switch how /mcp answers (see SandboxAwsOptions.responseMode). */
  setResponseMode(mode: ResponseMode): void;
  resetCalls(): void;
  dataset(accountId: string): SandboxAccountData;
  stop(): Promise<void>;
}

/** What one account holds, as the AWS APIs answer it (PascalCase, boto3 shapes). */
export interface SandboxAccountData {
  readonly accountId: string;
  readonly name: string;
  readonly regions: readonly string[];
  readonly global: GlobalData;
  readonly byRegion: Readonly<Record<string, RegionData>>;
}

export interface GlobalData {
  readonly buckets: readonly S3Bucket[];
  readonly users: readonly IamUser[];
  readonly roles: readonly IamRole[];
  readonly hostedZones: readonly HostedZone[];
  /** Daily unblended cost (USD) for the last 30 days, oldest first. */
  readonly dailyCost: readonly { readonly date: string; readonly amount: number }[];
  /** AWS Health events of the account, all regions (the Health API answers from us-east-1). */
  readonly healthEvents: readonly HealthEvent[];
}

export interface RegionData {
  readonly region: string;
  readonly instances: readonly Ec2Instance[];
  readonly functions: readonly LambdaFunction[];
  /** Function names whose Errors metric is non-zero over the last hours. */
  readonly erroringFunctions: readonly string[];
  readonly dbInstances: readonly DbInstance[];
  readonly alarms: readonly MetricAlarm[];
  readonly ecsClusters: readonly EcsCluster[];
  readonly eksClusters: readonly string[];
  readonly stacks: readonly CfnStack[];
  readonly tables: readonly string[];
  readonly queues: readonly string[];
  readonly topics: readonly string[];
  /** Application load balancers, their target groups and targets. */
  readonly loadBalancers: readonly LoadBalancer[];
  readonly targetGroups: readonly TargetGroup[];
  /** The ECS clusters' services, with their deployments and events. */
  readonly ecsServices: readonly EcsService[];
  readonly logGroups: readonly LogGroup[];
  /** CloudTrail write events (management events) of the region, newest first. */
  readonly trailEvents: readonly TrailEvent[];
  /** API Gateway REST API names. */
  readonly apis: readonly string[];
  /** The load balancer whose targets answer 5xx in the last hour, if any (see docs/sandbox.md). */
  readonly failingLoadBalancer?: string;
}

/**
 * Times in the diagnostics data are offsets before `now` (ms), so "the last hour" always has
 * something in it; the API handlers turn them into timestamps when asked.
 */
export type AgoMs = number;

export interface LoadBalancer {
  readonly LoadBalancerArn: string;
  readonly LoadBalancerName: string;
  readonly DNSName: string;
  readonly Scheme: 'internet-facing' | 'internal';
  readonly VpcId: string;
  readonly Type: 'application';
  readonly IpAddressType: 'ipv4';
  readonly CreatedTime: string;
  readonly AvailabilityZones: readonly { readonly ZoneName: string; readonly SubnetId: string }[];
  readonly State: { readonly Code: 'active' };
}

export interface TargetHealthDescription {
  readonly Target: { readonly Id: string; readonly Port: number; readonly AvailabilityZone: string };
  readonly HealthCheckPort: string;
  readonly TargetHealth: {
    readonly State: 'healthy' | 'unhealthy' | 'draining' | 'initial';
    readonly Reason?: string;
    readonly Description?: string;
  };
}

export interface TargetGroup {
  readonly TargetGroupArn: string;
  readonly TargetGroupName: string;
  readonly Protocol: 'HTTP';
  readonly Port: number;
  readonly VpcId: string;
  readonly HealthCheckPath: string;
  readonly TargetType: 'ip' | 'instance';
  readonly LoadBalancerArns: readonly string[];
  readonly targets: readonly TargetHealthDescription[];
}

export interface EcsServiceEvent {
  readonly id: string;
  readonly ago: AgoMs;
  readonly message: string;
}

export interface EcsService {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  readonly rolloutState: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  readonly deployedAgo: AgoMs;
  /** Newest first. */
  readonly events: readonly EcsServiceEvent[];
  /** Where its containers log (awslogs). */
  readonly logGroup: string;
}

export interface LogGroup {
  readonly logGroupName: string;
  readonly creationTime: number;
  readonly storedBytes: number;
  readonly retentionInDays?: number;
  /** What writes to it: the kind of lines it holds. */
  readonly source:
    | { readonly kind: 'lambda'; readonly functionName: string; readonly erroring: boolean }
    | { readonly kind: 'ecs'; readonly serviceName: string; readonly degraded: boolean }
    | { readonly kind: 'other' };
}

export interface TrailEvent {
  readonly EventId: string;
  readonly EventName: string;
  readonly EventSource: string;
  readonly ago: AgoMs;
  readonly Username: string;
  readonly AccessKeyId: string;
  readonly Resources: readonly { readonly ResourceType: string; readonly ResourceName: string }[];
  readonly userIdentity: {
    readonly type: 'AssumedRole' | 'IAMUser' | 'AWSService';
    readonly arn?: string;
    readonly roleName?: string;
    readonly sourceIdentity?: string;
    readonly invokedBy?: string;
  };
  readonly sourceIPAddress: string;
  readonly userAgent: string;
}

export interface HealthEvent {
  readonly arn: string;
  readonly service: string;
  readonly eventTypeCode: string;
  readonly eventTypeCategory: 'issue' | 'scheduledChange' | 'accountNotification';
  readonly region: string;
  readonly statusCode: 'open' | 'upcoming' | 'closed';
  readonly eventScopeCode: 'ACCOUNT_SPECIFIC' | 'PUBLIC';
  readonly startAgo: AgoMs;
  /** Closed events only. */
  readonly endAgo?: AgoMs;
  readonly lastUpdatedAgo: AgoMs;
}

export interface Ec2Instance {
  readonly InstanceId: string;
  readonly InstanceType: string;
  readonly ImageId: string;
  readonly State: { readonly Code: number; readonly Name: string };
  readonly LaunchTime: string;
  readonly Placement: { readonly AvailabilityZone: string; readonly Tenancy: string };
  readonly PrivateIpAddress: string;
  readonly PublicIpAddress?: string;
  readonly VpcId: string;
  readonly SubnetId: string;
  readonly Architecture: string;
  readonly PlatformDetails: string;
  readonly Tags: readonly Tag[];
  readonly ReservationId: string;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface S3Bucket {
  readonly Name: string;
  readonly CreationDate: string;
  readonly BucketRegion: string;
}

export interface IamUser {
  readonly Path: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: string;
}

export interface IamRole {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly MaxSessionDuration: number;
}

export interface HostedZone {
  readonly Id: string;
  readonly Name: string;
  readonly CallerReference: string;
  readonly Config: { readonly PrivateZone: boolean };
  readonly ResourceRecordSetCount: number;
}

export interface LambdaFunction {
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly Runtime: string;
  readonly Role: string;
  readonly Handler: string;
  readonly CodeSize: number;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly LastModified: string;
  readonly Version: string;
  readonly PackageType: string;
  readonly Architectures: readonly string[];
  readonly Environment?: { readonly Variables: Readonly<Record<string, string>> };
}

export interface DbInstance {
  readonly DBInstanceIdentifier: string;
  readonly DBInstanceClass: string;
  readonly Engine: string;
  readonly EngineVersion: string;
  readonly DBInstanceStatus: string;
  readonly MasterUsername: string;
  readonly Endpoint: { readonly Address: string; readonly Port: number; readonly HostedZoneId: string };
  readonly AllocatedStorage: number;
  readonly InstanceCreateTime: string;
  readonly AvailabilityZone: string;
  readonly MultiAZ: boolean;
  readonly StorageType: string;
  readonly StorageEncrypted: boolean;
  readonly DBInstanceArn: string;
}

export interface MetricAlarm {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription: string;
  readonly ActionsEnabled: boolean;
  readonly StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly StateReason: string;
  readonly StateUpdatedTimestamp: string;
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Statistic: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
}

export interface EcsCluster {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly status: string;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  readonly activeServicesCount: number;
  readonly services: readonly string[];
}

export interface CfnStack {
  readonly StackId: string;
  readonly StackName: string;
  readonly CreationTime: string;
  readonly StackStatus: string;
  readonly Description: string;
}
