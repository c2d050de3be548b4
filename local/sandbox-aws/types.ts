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
}

export type { FaultKind, StsFaultCode } from './faults.ts';

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
  /** AWS_ENDPOINT_URL_STS / _SECRETS_MANAGER, AWS_MCP_ENDPOINT, AWS_REGION and the central account's keys. */
  readonly env: Record<string, string>;
  readonly calls: {
    readonly sts: StsCallRecord[];
    readonly mcp: McpCallRecord[];
    /** SecretId of every GetSecretValue. */
    readonly secretsManager: string[];
  };
  /** Stores a secret of the central account; `undefined` creates it without a value (as infra does). */
  putSecret(name: string, value: string | undefined): void;
  /** Delay every /mcp request (of one account, or of all when accountId is omitted). */
  setLatency(ms: number, accountId?: string): void;
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
