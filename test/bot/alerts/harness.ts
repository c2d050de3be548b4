/**
 * The notifier as the alert suites drive it: the registry seeded from YAML through the seeding
 * code, dynalite, the real router and poster (local/alerts/notifier.ts), the real Slack WebClient
 * against the Web API stand-in and the real Teams adapter against the connector stand-in.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import { createTeamsAdapter } from '#bot/src/teams/adapter.ts';
import {
  type LocalAlertNotifier,
  type LocalAlertNotifierOptions,
  startLocalAlertNotifier,
} from '#local/alerts/notifier.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';
import { parseRegistry, seedRegistry } from '#registry-seed/src/index.ts';

export const TENANT = '00000000-0000-0000-0000-0000000000aa';
export const TEAMS_CHANNEL = '19:incident@thread.tacv2';

/** The accounts of AWS's documented events: 123456789012 (prod) and 111122223333 (security). */
export const ACCOUNTS_YAML = `accounts:
  - id: "123456789012"
    name: web-prod
    environment: prod
    regions: [us-east-1]
  - id: "111122223333"
    name: security-audit
    aliases: [security]
    environment: security
    regions: [us-east-1, us-west-2]
  - id: "444455556666"
    name: old-dev
    environment: dev
    regions: [us-east-1]
    enabled: false
`;

export const CHANNELS_YAML = `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0PROD
    allowedEnvironments: [prod]
    alerts: { environments: [prod] }
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0SEC
    allowedEnvironments: [security, prod]
    alerts: { accounts: [security], sources: [guardduty, securityhub], minSeverity: high }
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0QUIET
    allowedEnvironments: [prod, security, dev]
    alerts: {}
  - platform: teams
    workspaceId: ${TENANT}
    channelId: "${TEAMS_CHANNEL}"
    allowedEnvironments: [prod]
    alerts: { environments: [prod], sources: [alarm] }
`;

export interface AlertHarness {
  readonly notifier: LocalAlertNotifier;
  readonly slack: SlackWebApi;
  readonly connector: BotConnector;
  readonly dynamo: LocalDynamoDB;
  readonly logger: Logger;
  /** Puts the event on the bus and waits until its deliveries are posted. */
  fire(event: unknown): Promise<Awaited<ReturnType<LocalAlertNotifier['put']>>>;
  stop(): Promise<void>;
}

export async function startAlertHarness(
  options: Partial<
    Pick<
      LocalAlertNotifierOptions,
      'postIntervalMs' | 'flapChanges' | 'flapWindowMs' | 'onDeadLetter' | 'sources' | 'metrics'
    >
  > & {
    readonly channels?: string;
  } = {},
): Promise<AlertHarness> {
  const dynamo = await startLocalDynamoDB();
  await seedRegistry(
    dynamo.documentClient,
    parseRegistry({ accounts: ACCOUNTS_YAML, channels: options.channels ?? CHANNELS_YAML }),
  );
  const slack = await startSlackWebApi();
  const connector = await startBotConnector();
  const logger = new Logger({ serviceName: 'alerts-test', logLevel: 'SILENT' });
  const notifier = startLocalAlertNotifier({
    dynamo,
    logger,
    slack: createSlackWebClient({ token: slack.token, apiUrl: slack.url }),
    teams: {
      adapter: createTeamsAdapter({ allowList: new WorkspaceAllowList([]) }),
      serviceUrl: connector.serviceUrl,
    },
    postIntervalMs: options.postIntervalMs ?? 0,
    ...options,
  });
  return {
    notifier,
    slack,
    connector,
    dynamo,
    logger,
    async fire(event) {
      const routed = await notifier.put(event);
      await notifier.idle();
      return routed;
    },
    async stop() {
      await notifier.idle();
      await Promise.all([slack.stop(), connector.stop()]);
      await dynamo.stop();
    },
  };
}
