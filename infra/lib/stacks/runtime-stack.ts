import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { AUDIT_DEFAULTS } from '#contracts/audit.ts';
import { BUNDLE_FILE, type Bundle } from '../bundles.ts';
import {
  AUDIT_READ_ACTIONS,
  AUDIT_WRITE_ACTIONS,
  CHANNEL_POLICY_WRITE_ACTIONS,
  MODEL_STREAM_ACTIONS,
  USER_DIRECTORY_READ_ACTIONS,
} from '../perms.ts';
import { tableEnvironment } from './data-stack.ts';

export interface RuntimeStackProps extends StackProps {
  /** The agent bundle (agent/src/main.ts). */
  readonly bundle: Bundle;
  readonly gateway: agentcore.IGateway;
  readonly userPool: cognito.IUserPool;
  readonly accountsTable: dynamodb.ITable;
  readonly channelsTable: dynamodb.ITable;
  /** Where each turn's audit record is written and `/ops audit` reads. */
  readonly auditTable: dynamodb.ITable;
  /** AUDIT_TTL_DAYS. @default 400 */
  readonly auditRetentionDays?: number;
  /** Bedrock model id, or a cross-region inference profile id (`us.`, `eu.`, `apac.`, `global.`). */
  readonly modelId: string;
  /** @default 'dev' */
  readonly envName?: string;
  /** How long AgentCore Memory keeps a conversation's exchanges. @default Duration.days(30) */
  readonly memoryExpiry?: Duration;
}

/** Geographic prefixes of cross-region inference profile ids. */
const INFERENCE_PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\./;

/**
 * The agent on AgentCore Runtime (Node.js 22 code asset, IAM inbound auth, traced). Its role reads
 * the user pool, the registry tables, writes and queries the audit, invokes the Gateway and streams
 * from the configured model only.
 * Nothing may invoke it until a caller is granted with `grantInvoke` (the bot workers).
 */
export class RuntimeStack extends Stack {
  readonly runtime: agentcore.Runtime;
  /** Each user's exchanges per thread (short-term events only: no extraction strategy). */
  readonly memory: agentcore.Memory;

  constructor(scope: Construct, id: string, props: RuntimeStackProps) {
    super(scope, id, props);
    const envName = (props.envName ?? 'dev').replace(/[^a-zA-Z0-9]/g, '_');
    this.memory = new agentcore.Memory(this, 'ConversationMemory', {
      memoryName: `centralops_${envName}_conversations`,
      description: 'CentralOps: each user exchanges per chat thread',
      expirationDuration: props.memoryExpiry ?? Duration.days(30),
    });
    this.runtime = new agentcore.Runtime(this, 'Agent', {
      runtimeName: `centralops_${envName}_agent`,
      description: 'CentralOps agent',
      agentRuntimeArtifact: agentcore.AgentRuntimeArtifact.fromCodeAsset({
        path: props.bundle.dir,
        runtime: agentcore.AgentCoreRuntime.NODE_22,
        entrypoint: [BUNDLE_FILE],
      }),
      authorizerConfiguration: agentcore.RuntimeAuthorizerConfiguration.usingIAM(),
      // The runtime's spans go to X-Ray, continuing the trace InvokeAgentRuntime was given.
      tracingEnabled: true,
      environmentVariables: {
        ...tableEnvironment({
          accounts: props.accountsTable,
          channels: props.channelsTable,
          audit: props.auditTable,
        }),
        AUDIT_TTL_DAYS: String(props.auditRetentionDays ?? AUDIT_DEFAULTS.ttlDays),
        GATEWAY_URL: props.gateway.gatewayUrl ?? '',
        USER_POOL_ID: props.userPool.userPoolId,
        MODEL_ID: props.modelId,
        MEMORY_ID: this.memory.memoryId,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    props.accountsTable.grantReadData(this.runtime);
    props.channelsTable.grantReadData(this.runtime);
    // ops-admins set a channel's policy from chat (/ops channel allow|default).
    props.channelsTable.grant(this.runtime, ...CHANNEL_POLICY_WRITE_ACTIONS);
    // Recall, remember and forget (/ops forget) a user's exchanges; no long-term records.
    this.memory.grantReadShortTermMemory(this.runtime);
    this.memory.grantWrite(this.runtime);
    this.memory.grantDeleteShortTermMemory(this.runtime);
    props.auditTable.grant(this.runtime, ...AUDIT_WRITE_ACTIONS, ...AUDIT_READ_ACTIONS);
    props.userPool.grant(this.runtime, ...USER_DIRECTORY_READ_ACTIONS);
    props.gateway.grantInvoke(this.runtime);
    this.runtime.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'StreamFromConfiguredModel',
        actions: [...MODEL_STREAM_ACTIONS],
        resources: modelArns(this, props.modelId),
      }),
    );
    new CfnOutput(this, 'AgentRuntimeArn', { value: this.runtime.agentRuntimeArn });
  }
}

/**
 * The ARNs a model id needs: the foundation model itself; for an inference profile, the profile
 * in this account and the foundation model in whichever region the profile routes to.
 */
export function modelArns(scope: Construct, modelId: string): string[] {
  const { partition, region, account } = Stack.of(scope);
  const match = INFERENCE_PROFILE_PREFIX.exec(modelId);
  if (!match) return [`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`];
  const foundationModel = modelId.slice(match[0].length);
  return [
    `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`,
    `arn:${partition}:bedrock:*::foundation-model/${foundationModel}`,
  ];
}
