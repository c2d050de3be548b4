import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEDUPE_SCOPES, type DedupeScope, dedupeKeyPrefix, STATE_KEY_PREFIXES } from '#contracts/tables.ts';
import type { Bundle, BundleName } from '#scripts/build.ts';
import { BundledFunction, type BundledFunctionProps } from '../constructs/bundled-function.ts';
import { grantLinkFlow, type LinkFlowSettings, linkFlowEnvironment } from '../constructs/link-flow.ts';
import { secretIdVariable } from '../constructs/secrets.ts';
import { teamsAppEnvironment } from '../constructs/teams-app.ts';
import { DEDUPE_CLAIM_ACTIONS, IDENTITY_UNLINK_ACTIONS, WORKER_STATE_ACTIONS } from '../perms.ts';
import { grantItemsUnder, tableEnvironment } from './data-stack.ts';

export interface ChatPlatformSecrets {
  readonly slackSigningSecret: secretsmanager.ISecret;
  readonly slackBotToken: secretsmanager.ISecret;
  readonly microsoftAppPassword: secretsmanager.ISecret;
}

export interface BotStackProps extends StackProps {
  /** Bundles of the Slack and Teams ack paths and workers. */
  readonly bundles: Readonly<Record<Extract<BundleName, `${'slack' | 'teams'}-${string}`>, Bundle>>;
  readonly runtime: agentcore.IBedrockAgentRuntime;
  readonly identitiesTable: dynamodb.ITable;
  readonly stateTable: dynamodb.ITable;
  /** The auth stack's link flow, which the workers start for unlinked users. */
  readonly linkFlow: LinkFlowSettings;
  /** The chat platforms' credentials (ChatSecretsStack). */
  readonly secrets: ChatPlatformSecrets;
  /** ALLOWED_WORKSPACES entries. @default []: every workspace refused */
  readonly allowedWorkspaces?: readonly string[];
  /** @default '' */
  readonly microsoftAppId?: string;
  /** @default '' */
  readonly microsoftAppTenantId?: string;
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
 * The Slack and Teams Lambdas. The ack paths verify the platform's signature/JWT, answer at once
 * and invoke their worker asynchronously; only the workers may invoke the agent runtime.
 */
export class BotStack extends Stack {
  readonly slack: ChatPlatformFunctions;
  readonly teams: ChatPlatformFunctions;

  constructor(scope: Construct, id: string, props: BotStackProps) {
    super(scope, id, props);
    const { slackSigningSecret, slackBotToken, microsoftAppPassword } = props.secrets;
    const shared = {
      ALLOWED_WORKSPACES: (props.allowedWorkspaces ?? []).join(','),
      ...tableEnvironment({ identities: props.identitiesTable, state: props.stateTable }),
    };
    const workerOnly = {
      AGENT_RUNTIME_ARN: props.runtime.agentRuntimeArn,
      ...linkFlowEnvironment(props.linkFlow),
    };
    const teamsAppIds = {
      microsoftAppId: props.microsoftAppId,
      microsoftAppTenantId: props.microsoftAppTenantId,
    };
    const common = { logRetentionDays: props.logRetentionDays, alarmTopicArn: props.alarmTopicArn };

    this.slack = this.platform('Slack', props, {
      ack: {
        bundle: props.bundles['slack-handler'],
        ...common,
        environment: {
          ...shared,
          [secretIdVariable('SLACK_SIGNING_SECRET')]: slackSigningSecret.secretArn,
        },
      },
      worker: {
        bundle: props.bundles['slack-worker'],
        ...common,
        environment: {
          ...shared,
          ...workerOnly,
          [secretIdVariable('SLACK_BOT_TOKEN')]: slackBotToken.secretArn,
        },
      },
    });
    slackSigningSecret.grantRead(this.slack.ack.function);
    slackBotToken.grantRead(this.slack.worker.function);

    this.teams = this.platform('Teams', props, {
      // The ack path only validates inbound tokens: it is given no app password.
      ack: {
        bundle: props.bundles['teams-handler'],
        ...common,
        environment: { ...shared, ...teamsAppEnvironment(teamsAppIds) },
      },
      worker: {
        bundle: props.bundles['teams-worker'],
        ...common,
        environment: {
          ...shared,
          ...workerOnly,
          ...teamsAppEnvironment({ ...teamsAppIds, microsoftAppPassword }),
        },
      },
    });
    microsoftAppPassword.grantRead(this.teams.worker.function);

    new CfnOutput(this, 'SlackRequestUrl', { value: this.slack.url.url });
    new CfnOutput(this, 'TeamsMessagingEndpoint', { value: this.teams.url.url });
  }

  private platform(
    name: 'Slack' | 'Teams',
    props: BotStackProps,
    functions: Record<'ack' | 'worker', Omit<BundledFunctionProps, 'description'>>,
  ): ChatPlatformFunctions {
    const worker = new BundledFunction(this, `${name}Worker`, {
      ...functions.worker,
      description: `CentralOps ${name} worker: identity, agent runtime, streamed reply`,
      timeout: Duration.minutes(5),
      failureQueue: true,
    });
    const ack = new BundledFunction(this, `${name}Ack`, {
      ...functions.ack,
      description: `CentralOps ${name} ack path: verify, acknowledge, hand off to the worker`,
      timeout: Duration.seconds(10),
      environment: { ...functions.ack.environment, WORKER_FUNCTION_NAME: worker.function.functionName },
      // Public and unauthenticated at the URL: junk must not be able to take the account's concurrency.
      reservedConcurrentExecutions: props.ackConcurrency ?? 20,
    });
    worker.function.grantInvoke(ack.function);
    // Both paths dedupe (ack: platform retries; worker: async re-delivery), each on its own keys only;
    // the worker also stores the link nonces it issues. Neither reads the table.
    const scopes: Record<typeof name, { ack: DedupeScope; worker: DedupeScope }> = {
      Slack: { ack: DEDUPE_SCOPES.slackAck, worker: DEDUPE_SCOPES.slackWorker },
      Teams: { ack: DEDUPE_SCOPES.teamsAck, worker: DEDUPE_SCOPES.teamsWorker },
    };
    grantItemsUnder(props.stateTable, ack.function, DEDUPE_CLAIM_ACTIONS, [
      dedupeKeyPrefix(scopes[name].ack),
    ]);
    grantItemsUnder(props.stateTable, worker.function, WORKER_STATE_ACTIONS, [
      dedupeKeyPrefix(scopes[name].worker),
      STATE_KEY_PREFIXES.link,
    ]);
    // Workers read mappings and drop those whose Cognito user is gone; only the callback links.
    props.identitiesTable.grantReadData(worker.function);
    props.identitiesTable.grant(worker.function, ...IDENTITY_UNLINK_ACTIONS);
    grantLinkFlow(worker.function, props.linkFlow);
    props.runtime.grantInvoke(worker.function);
    // The platforms sign their requests (Slack signing secret, Bot Framework JWT): the ack path
    // verifies them, so the URL itself needs no AWS auth.
    const url = ack.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    return { ack, worker, url };
  }
}
