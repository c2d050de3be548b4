import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { AUDIT_DEFAULTS } from '#contracts/audit.ts';
import {
  type ChatPlatformDescriptor,
  type ChatPlatformId,
  chatPlatforms,
} from '#contracts/chat-platforms.ts';
import { dedupeKeyPrefix, STATE_KEY_PREFIXES } from '#contracts/tables.ts';
import { type Bundle, type PlatformBundleName, platformBundleName } from '../bundles.ts';
import { BundledFunction } from '../constructs/bundled-function.ts';
import {
  type ChatPlatformResources,
  grantPlatformSecrets,
  platformEnvironment,
} from '../constructs/chat-platform.ts';
import { grantLinkFlow, type LinkFlowSettings, linkFlowEnvironment } from '../constructs/link-flow.ts';
import {
  ANSWERED_THREAD_READ_ACTIONS,
  AUDIT_WRITE_ACTIONS,
  CONVERSATION_STATE_ACTIONS,
  DEDUPE_ACTIONS,
  IDENTITY_UNLINK_ACTIONS,
  LINK_ISSUE_ACTIONS,
  MUTE_ACTIONS,
} from '../perms.ts';
import { grantItemsUnder, tableEnvironment } from './data-stack.ts';

export interface BotStackProps extends StackProps {
  /** Bundles of every chat platform's ack path and worker. */
  readonly bundles: Readonly<Record<PlatformBundleName, Bundle>>;
  readonly runtime: agentcore.IBedrockAgentRuntime;
  readonly identitiesTable: dynamodb.ITable;
  readonly stateTable: dynamodb.ITable;
  /** Read by the workers to re-authorize a button's tapper (registry × groups × channel policy). */
  readonly accountsTable: dynamodb.ITable;
  readonly channelsTable: dynamodb.ITable;
  /** Where the workers record the questions the agent does not (stopped by the bot, lost on the way). */
  readonly auditTable: dynamodb.ITable;
  /** AUDIT_TTL_DAYS. @default 400 */
  readonly auditRetentionDays?: number;
  /** The auth stack's link flow, which the workers start for unlinked users. */
  readonly linkFlow: LinkFlowSettings;
  /** The chat platforms' settings and secrets (ChatSecretsStack). */
  readonly platforms: ChatPlatformResources;
  /** ALLOWED_WORKSPACES entries. @default []: every workspace refused */
  readonly allowedWorkspaces?: readonly string[];
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
  /** Reserved (and maximum) concurrency of each public ack function. @default 20 */
  readonly ackConcurrency?: number;
}

/** One chat platform: an ack path behind a public Function URL and the worker it hands off to. */
export interface ChatPlatformFunctions {
  readonly ack: BundledFunction;
  readonly worker: BundledFunction;
  readonly url: lambda.FunctionUrl;
}

/**
 * Each chat platform's Lambdas (contracts/chat-platforms.ts). The ack paths verify the platform's
 * signature/JWT, answer at once and invoke their worker asynchronously; only the workers may invoke
 * the agent runtime.
 */
export class BotStack extends Stack {
  readonly platforms: Readonly<Record<ChatPlatformId, ChatPlatformFunctions>>;

  constructor(scope: Construct, id: string, props: BotStackProps) {
    super(scope, id, props);
    this.platforms = Object.fromEntries(
      chatPlatforms().map((platform) => [platform.id, this.platform(platform, props)]),
    ) as Record<ChatPlatformId, ChatPlatformFunctions>;
  }

  private platform(platform: ChatPlatformDescriptor, props: BotStackProps): ChatPlatformFunctions {
    const { name } = platform;
    const id = platform.id as ChatPlatformId;
    const shared = {
      ALLOWED_WORKSPACES: (props.allowedWorkspaces ?? []).join(','),
      ...tableEnvironment({ identities: props.identitiesTable, state: props.stateTable }),
    };
    const common = { logRetentionDays: props.logRetentionDays, alarmTopicArn: props.alarmTopicArn };
    const worker = new BundledFunction(this, `${name}Worker`, {
      ...common,
      bundle: props.bundles[platformBundleName(id, 'worker')],
      description: `CentralOps ${name} worker: identity, agent runtime, streamed reply`,
      timeout: Duration.minutes(5),
      failureQueue: true,
      environment: {
        ...shared,
        ...tableEnvironment({
          accounts: props.accountsTable,
          channels: props.channelsTable,
          audit: props.auditTable,
        }),
        AUDIT_TTL_DAYS: String(props.auditRetentionDays ?? AUDIT_DEFAULTS.ttlDays),
        AGENT_RUNTIME_ARN: props.runtime.agentRuntimeArn,
        ...linkFlowEnvironment(props.linkFlow),
        ...platformEnvironment(platform, 'worker', props.platforms),
      },
    });
    const ack = new BundledFunction(this, `${name}Ack`, {
      ...common,
      bundle: props.bundles[platformBundleName(id, 'ack')],
      description: `CentralOps ${name} ack path: verify, acknowledge, hand off to the worker`,
      timeout: Duration.seconds(10),
      environment: {
        ...shared,
        ...platformEnvironment(platform, 'ack', props.platforms),
        WORKER_FUNCTION_NAME: worker.function.functionName,
      },
      // Public and unauthenticated at the URL: junk must not be able to take the account's concurrency.
      reservedConcurrentExecutions: props.ackConcurrency ?? 20,
    });
    grantPlatformSecrets(ack.function, platform, 'ack', props.platforms);
    grantPlatformSecrets(worker.function, platform, 'worker', props.platforms);
    worker.function.grantInvoke(ack.function);
    // Both paths dedupe (ack: platform retries; worker: async re-delivery), each on its own keys only;
    // the worker also stores the link nonces it issues. Neither reads the table.
    grantItemsUnder(props.stateTable, ack.function, DEDUPE_ACTIONS, [
      dedupeKeyPrefix(platform.dedupeScopes.ack),
    ]);
    grantItemsUnder(props.stateTable, worker.function, DEDUPE_ACTIONS, [
      dedupeKeyPrefix(platform.dedupeScopes.worker),
    ]);
    grantItemsUnder(props.stateTable, worker.function, LINK_ISSUE_ACTIONS, [STATE_KEY_PREFIXES.link]);
    grantItemsUnder(props.stateTable, worker.function, MUTE_ACTIONS, [STATE_KEY_PREFIXES.mute]);
    // Answers kept for their buttons and the threads answered in; the ack path only asks whether
    // a mention-less reply is in such a thread.
    grantItemsUnder(props.stateTable, worker.function, CONVERSATION_STATE_ACTIONS, [
      STATE_KEY_PREFIXES.answer,
      STATE_KEY_PREFIXES.thread,
    ]);
    if (platform.followsAnsweredThreads) {
      grantItemsUnder(props.stateTable, ack.function, ANSWERED_THREAD_READ_ACTIONS, [
        STATE_KEY_PREFIXES.thread,
      ]);
    }
    // Workers read mappings and drop those whose Cognito user is gone; only the callback links.
    props.identitiesTable.grantReadData(worker.function);
    props.identitiesTable.grant(worker.function, ...IDENTITY_UNLINK_ACTIONS);
    // A button tap is authorized again as the tapper: the registry and the channel's policy, read only.
    props.accountsTable.grantReadData(worker.function);
    props.channelsTable.grantReadData(worker.function);
    grantLinkFlow(worker.function, props.linkFlow);
    props.runtime.grantInvoke(worker.function);
    // Its items only: a worker writes records, it never reads the user indexes.
    iam.Grant.addToPrincipal({
      grantee: worker.function,
      actions: [...AUDIT_WRITE_ACTIONS],
      resourceArns: [props.auditTable.tableArn],
    });
    // The platforms sign their requests (Slack signing secret, Bot Framework JWT): the ack path
    // verifies them, so the URL itself needs no AWS auth.
    const url = ack.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, platform.endpointOutput, { value: url.url });
    return { ack, worker, url };
  }
}
