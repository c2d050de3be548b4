/**
 * The Slack adapter wired as in AWS, but local: the ack handler (real Bolt receiver and signature
 * check, dedupe on dynalite), an in-process dispatcher instead of the async Lambda invoke, the
 * worker with the real WebClient against the Web API stand-in and the real runtime client against
 * the agent stand-in. Identity is a fake IdentityPort: U0ALICE and U0CAROL are linked, everyone else is not;
 * what they may read is the real rule (DirectoryAccess) over a small fixed directory and registry.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { answerButtons, CHAT_ACTIONS } from '#bot/src/actions/index.ts';
import { createActionPipeline } from '#bot/src/core/action-pipeline.ts';
import { DynamoAnsweredThreads } from '#bot/src/core/answered-threads.ts';
import { DynamoChannelMutes } from '#bot/src/core/channel-mutes.ts';
import type { ActionRegistry } from '#bot/src/core/chat-action.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { DynamoKeptAnswers } from '#bot/src/core/kept-answers.ts';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import type { AccessPort, DedupePort, IdentityPort } from '#bot/src/core/ports.ts';
import type { QuestionObservers } from '#bot/src/core/question-record.ts';
import { InProcessWorkDispatcher } from '#bot/src/core/work-dispatcher.ts';
import { DirectoryAccess } from '#bot/src/identity/access.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { type AwsHandler, createSlackAckHandler } from '#bot/src/slack/ack-handler.ts';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import type { SlackWork } from '#bot/src/slack/work.ts';
import { createSlackWorker, type SlackWorker } from '#bot/src/slack/worker-runner.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import type { Account } from '#contracts/registry.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../components/dynamodb.ts';
import { type AgentScript, type AgentStandIn, startAgentStandIn } from '../stand-ins/agent.ts';
import { SIGNING_SECRET, TEAM } from '../stand-ins/slack-requests.ts';
import { type SlackMessage, type SlackWebApi, startSlackWebApi } from '../stand-ins/slack-web-api.ts';

export const LINK_URL = 'https://centralops.auth.us-east-1.amazoncognito.com/oauth2/authorize?state=abc';
export const silentLogger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

/** Linked chat users: U0ALICE is alice, U0CAROL is carol; everyone else is unlinked. */
const LINKED: Readonly<Record<string, string>> = { U0ALICE: 'alice', U0CAROL: 'carol' };

export const fakeIdentity: IdentityPort = {
  async resolve(event) {
    const username = LINKED[event.userId];
    return username
      ? { status: 'linked', cognitoUsername: username, cognitoSub: `sub-${username}` }
      : { status: 'unlinked', linkUrl: LINK_URL };
  },
  async handleCommand(_event, command) {
    return `identity: ${command}`;
  },
};

/** The message that ends CentralOps' answer in `channel` (in `threadTs`, when given), once the bot marks it. */
export function finishedAnswer(api: SlackWebApi, channel: string, threadTs?: string): Promise<SlackMessage> {
  return api.whenMessage(
    (message) =>
      message.channel === channel &&
      (threadTs === undefined || message.threadTs === threadTs) &&
      message.metadata?.event_type === ANSWER_EVENT_TYPE,
  );
}

/** The Cognito groups of the linked users (by sub): alice reads prod, carol dev only. */
export const HARNESS_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'sub-alice': ['ops-prod-readers'],
  'sub-carol': ['ops-dev-readers'],
};

/** The registry the harness's access rule reads: payments-prod (prod) and sandbox-dev (dev). */
export const HARNESS_ACCOUNTS: readonly Account[] = [
  {
    id: '111111111111',
    name: 'payments-prod',
    aliases: [],
    environment: 'prod',
    regions: ['us-east-1'],
    enabled: true,
    tags: {},
  },
  {
    id: '333333333333',
    name: 'sandbox-dev',
    aliases: [],
    environment: 'dev',
    regions: ['us-east-1'],
    enabled: true,
    tags: {},
  },
];

/** What the linked users may read: every channel allows prod and dev. */
export const harnessAccess: AccessPort = new DirectoryAccess({
  directory: {
    async getUser(sub) {
      const groups = HARNESS_GROUPS[sub];
      return groups ? { username: sub.replace(/^sub-/, ''), sub, enabled: true, groups } : undefined;
    },
  },
  channels: {
    async get({ platform, workspace, channel }) {
      return platform === 'slack'
        ? { platform, workspaceId: workspace, channelId: channel, allowedEnvironments: ['prod', 'dev'] }
        : undefined;
    },
  },
  registry: { get: async (id) => HARNESS_ACCOUNTS.find((account) => account.id === id) },
});

export interface SlackHarness {
  readonly api: SlackWebApi;
  readonly agent: AgentStandIn;
  readonly db: LocalDynamoDB;
  readonly dispatched: SlackWork[];
  /** The worker itself, as its Lambda entry would run it. */
  readonly worker: SlackWorker;
  /** Sends one request through the ack handler; resolves with its HTTP answer. */
  send(event: Parameters<AwsHandler>[0]): ReturnType<AwsHandler>;
  /** Waits for every worker run started so far. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackHarnessOptions {
  readonly script: AgentScript;
  /** @default 20 */
  readonly streamIntervalMs?: number;
  /** @default 3_500 */
  readonly maxMessageChars?: number;
  /** @default a fresh dynalite */
  readonly db?: LocalDynamoDB;
  /** Workspaces allowed besides TEAM. @default [] */
  readonly extraTeams?: readonly string[];
  /** The worker's guard against a second delivery of one invoke. @default DynamoDedupe on `db` */
  readonly workerDedupe?: DedupePort;
  /** Who is linked. @default fakeIdentity */
  readonly identity?: IdentityPort;
  /** What a tapper may read. @default harnessAccess */
  readonly access?: AccessPort;
  /** The buttons answered. @default CHAT_ACTIONS */
  readonly actions?: ActionRegistry;
  /** Each question's metrics and bot-side audit record. @default none */
  readonly observers?: QuestionObservers;
}

export async function startSlackHarness(options: SlackHarnessOptions): Promise<SlackHarness> {
  const [api, agent, db] = await Promise.all([
    startSlackWebApi({ teamId: TEAM }),
    startAgentStandIn(options.script),
    options.db ? Promise.resolve(options.db) : startLocalDynamoDB(),
  ]);
  const identity = options.identity ?? fakeIdentity;
  const keptAnswers = new DynamoKeptAnswers({ client: db.documentClient });
  const channelMutes = new DynamoChannelMutes({ client: db.documentClient });
  const threads = new DynamoAnsweredThreads({ client: db.documentClient });
  const pipeline = createPipeline({
    identity,
    agent: new AgentRuntimeClient({ agentRuntimeUrl: agent.url }),
    logger: silentLogger,
    timeoutMs: 10_000,
    answerButtons: answerButtons(keptAnswers),
    ...(options.observers ? { observers: options.observers } : {}),
  });
  const worker = createSlackWorker({
    pipeline,
    actions: createActionPipeline({
      ...(options.observers ? { observers: options.observers } : {}),
      actions: options.actions ?? CHAT_ACTIONS,
      identity,
      access: options.access ?? harnessAccess,
      questions: pipeline,
      keptAnswers,
      channelMutes,
      logger: silentLogger,
    }),
    threads,
    client: createSlackWebClient({ token: api.token, apiUrl: api.url }),
    logger: silentLogger,
    streamIntervalMs: options.streamIntervalMs ?? 20,
    maxMessageChars: options.maxMessageChars ?? 3_500,
    dedupe: options.workerDedupe ?? DynamoDedupe.for(CHAT_PLATFORMS.slack, 'worker', { client: db.client }),
  });
  const dispatched: SlackWork[] = [];
  const dispatcher = new InProcessWorkDispatcher<SlackWork>(async (work) => {
    dispatched.push(work);
    await worker(work);
  });
  const handler = createSlackAckHandler({
    signingSecret: SIGNING_SECRET,
    allowList: new WorkspaceAllowList([TEAM, ...(options.extraTeams ?? [])].map((team) => `slack:${team}`)),
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: db.client }),
    threads,
    dispatcher,
    logger: silentLogger,
  });
  return {
    api,
    agent,
    db,
    dispatched,
    worker,
    send: (event) => handler(event, {}),
    idle: () => dispatcher.idle(),
    async stop() {
      await Promise.all([api.stop(), agent.stop(), options.db ? undefined : db.stop()]);
    },
  };
}
