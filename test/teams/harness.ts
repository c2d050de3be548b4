/**
 * What the Teams suites share: activities shaped as Teams sends them, a scripted agent runtime
 * speaking the real SSE wire format (encodeAgentEvent) for the real AgentRuntimeClient, and the
 * Teams handler + worker wired to the real pipeline, dedupe on dynalite and the connector stand-in.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, ConversationReference } from 'botbuilder';
import { answerButtons, CHAT_ACTIONS } from '#bot/src/actions/index.ts';
import { createActionPipeline } from '#bot/src/core/action-pipeline.ts';
import type { ChannelMute, ChannelMutes, MutedChannel } from '#bot/src/core/channel-mutes.ts';
import type { KeptAnswers } from '#bot/src/core/kept-answers.ts';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import type { AccessPort, ChatUser, DedupePort, IdentityPort } from '#bot/src/core/ports.ts';
import type { ReplyStream } from '#bot/src/core/reply-stream.ts';
import { InProcessWorkDispatcher } from '#bot/src/core/work-dispatcher.ts';
import { DirectoryAccess } from '#bot/src/identity/access.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { createTeamsHandler, type TeamsHttpHandler } from '#bot/src/teams/ack-handler.ts';
import { createTeamsAdapter, type TeamsAdapterOptions } from '#bot/src/teams/adapter.ts';
import type { TeamsConfig } from '#bot/src/teams/config.ts';
import type { HttpEvent } from '#bot/src/teams/lambda-http.ts';
import { createTeamsReplyStream } from '#bot/src/teams/reply-stream.ts';
import { TeamsSender } from '#bot/src/teams/sender.ts';
import type { TeamsWorkItem } from '#bot/src/teams/work.ts';
import { createTeamsWorker } from '#bot/src/teams/worker-runner.ts';
import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import { RUNTIME_HEADERS } from '#contracts/runtime-request.ts';
import { startAgentStandIn } from '#local/stand-ins/agent.ts';
import type { BotConnector } from '#local/stand-ins/bot-connector.ts';

export const TENANT = '00000000-0000-0000-0000-0000000000aa';
export const BOT = { id: '28:00000000-0000-0000-0000-00000000b07', name: 'CentralOps' };
export const ALICE = {
  id: '29:1alice-teams-id',
  name: 'Alice Example',
  aadObjectId: 'a11ce000-0000-0000-0000-000000000001',
};
export const CHANNEL = '19:incident0000000000000000000000@thread.tacv2';
export const GROUP_CHAT = '19:groupchat000000000000000000000@thread.v2';
export const PERSONAL_CHAT = 'a:1personalchat0000000000000000000000000000';

const PROD = { id: '111111111111', name: 'payments-prod', environment: 'prod' };
const STAGING = { id: '222222222222', name: 'payments-staging', environment: 'staging' };

/** A turn the scripted agent plays: statuses, prose in pieces, two accounts' results, final. */
export const SCRIPT: readonly AgentEvent[] = [
  { type: 'status', message: 'Querying 2 accounts…' },
  { type: 'text', delta: 'S3 buckets ' },
  { type: 'text', delta: 'in prod and staging:' },
  {
    type: 'result',
    account: PROD,
    region: 'us-east-1',
    operation: 's3 list-buckets',
    summary: '3 buckets',
    lines: ['payments-logs', 'payments-artifacts', 'payments-exports'],
  },
  {
    type: 'result',
    account: STAGING,
    region: 'us-east-1',
    operation: 's3 list-buckets',
    summary: '1 bucket',
    lines: ['staging-logs'],
  },
  {
    type: 'final',
    summary: '4 buckets in 2 accounts',
    accounts: [PROD, STAGING],
    regions: ['us-east-1'],
    elapsedMs: 1800,
    sessionId: 'session-1',
  },
];

interface ActivityOptions {
  readonly serviceUrl: string;
  readonly id?: string;
  readonly text?: string;
  readonly tenantId?: string;
  /** The sender. @default ALICE */
  readonly from?: typeof ALICE;
}

function base(options: ActivityOptions, id: string): Record<string, unknown> {
  return {
    type: 'message',
    id,
    timestamp: '2026-11-23T09:30:00.000Z',
    localTimestamp: '2026-11-23T10:30:00.000+01:00',
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: options.from ?? ALICE,
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
  };
}

function mention(): Record<string, unknown> {
  return { type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` };
}

/** A new channel post that @mentions the bot: the conversation id names the post as thread root. */
export function channelMention(options: ActivityOptions): Activity {
  const id = options.id ?? '1732354200001';
  const tenantId = options.tenantId ?? TENANT;
  return {
    ...base(options, id),
    text: `<at>${BOT.name}</at> ${options.text ?? 'ops prod s3'}`,
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: `${CHANNEL};messageid=${id}` },
    entities: [mention(), { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: '19:team00000000000000000000000000@thread.tacv2',
      channel: { id: CHANNEL },
      team: { id: '19:team00000000000000000000000000@thread.tacv2' },
      tenant: { id: tenantId },
    },
  } as unknown as Activity;
}

/** A reply inside an existing thread (root `rootId`) that @mentions the bot. */
export function threadReplyMention(options: ActivityOptions & { readonly rootId: string }): Activity {
  const activity = channelMention(options) as unknown as Record<string, unknown>;
  return {
    ...activity,
    replyToId: options.rootId,
    conversation: {
      ...(activity.conversation as object),
      id: `${CHANNEL};messageid=${options.rootId}`,
    },
  } as unknown as Activity;
}

export function personalMessage(options: ActivityOptions): Activity {
  const tenantId = options.tenantId ?? TENANT;
  return {
    ...base(options, options.id ?? '1732354200101'),
    text: options.text ?? 'ops prod s3',
    conversation: { conversationType: 'personal', tenantId, id: PERSONAL_CHAT },
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Android' }],
    channelData: { tenant: { id: tenantId } },
  } as unknown as Activity;
}

export function groupChatMention(options: ActivityOptions): Activity {
  const tenantId = options.tenantId ?? TENANT;
  return {
    ...base(options, options.id ?? '1732354200201'),
    text: `<at>${BOT.name}</at> ${options.text ?? 'ops prod s3'}`,
    conversation: { isGroup: true, conversationType: 'groupChat', tenantId, id: GROUP_CHAT },
    entities: [mention()],
    channelData: { tenant: { id: tenantId } },
  } as unknown as Activity;
}

/**
 * A tap on an Action.Execute button of the card `replyToId` (Universal Actions), as Teams sends it:
 * an `adaptiveCard/action` invoke whose value carries the action as the card declared it. In a
 * channel the conversation id names the thread root (`;messageid=<rootId>`).
 */
export function cardAction(
  options: ActivityOptions & {
    readonly replyToId: string;
    readonly verb: string;
    /** `data.value` of the button. */
    readonly value?: string;
    /** The whole invoke value, in place of a well-formed one. */
    readonly invokeValue?: unknown;
    /** The thread the card is in; unset: a 1:1 chat. */
    readonly rootId?: string;
    readonly channelId?: string;
  },
): Activity {
  const tenantId = options.tenantId ?? TENANT;
  const inChannel = options.rootId !== undefined;
  return {
    ...base(options, options.id ?? 'f:8e2b3c4d-0000-0000-0000-00000000ac71'),
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: options.channelId ?? 'msteams',
    replyToId: options.replyToId,
    conversation: inChannel
      ? { isGroup: true, conversationType: 'channel', tenantId, id: `${CHANNEL};messageid=${options.rootId}` }
      : { conversationType: 'personal', tenantId, id: PERSONAL_CHAT },
    value: options.invokeValue ?? {
      action: {
        type: 'Action.Execute',
        id: 'ac-refresh',
        verb: options.verb,
        data: { value: options.value ?? '' },
      },
      trigger: 'manual',
    },
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Android' }],
    channelData: inChannel
      ? {
          channel: { id: CHANNEL },
          team: { id: '19:team00000000000000000000000000@thread.tacv2' },
          tenant: { id: tenantId },
          source: { name: 'message' },
        }
      : { tenant: { id: tenantId }, source: { name: 'message' } },
  } as unknown as Activity;
}

/**
 * A message from a Web Chat or Direct Line client, as Bot Service forwards it: the client chose
 * `from` (here Alice's Entra object id) and `channelData` (here our tenant) itself, and the
 * conversation carries no tenant.
 */
export function webChatMessage(
  options: ActivityOptions & { readonly channelId: 'webchat' | 'directline' },
): Activity {
  const conversationId = 'Dx5WcWqM7ZnG3sZtQK8vb7-eu';
  return {
    type: 'message',
    id: `${conversationId}|${options.id ?? '0000001'}`,
    timestamp: '2026-11-23T09:30:00.000Z',
    localTimestamp: '2026-11-23T10:30:00.000+01:00',
    channelId: options.channelId,
    serviceUrl: options.serviceUrl,
    from: { ...(options.from ?? ALICE), role: 'user' },
    conversation: { id: conversationId },
    recipient: { id: 'centralops-bot@Ab3dEf', name: 'CentralOps' },
    textFormat: 'plain',
    locale: 'en-US',
    text: options.text ?? 'ops prod s3',
    entities: [
      { type: 'ClientCapabilities', requiresBotState: true, supportsListening: true, supportsTts: true },
    ],
    channelData: { clientActivityID: '1732354200000abcdef', tenant: { id: options.tenantId ?? TENANT } },
  } as unknown as Activity;
}

/** The Lambda Function URL (payload 2.0) event Bot Service's POST becomes. */
export function httpEvent(activity: unknown, headers: Record<string, string> = {}): HttpEvent {
  return {
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' } },
  };
}

export interface ScriptedAgent {
  readonly url: string;
  readonly requests: readonly { body: AgentRequest; userId: string | undefined }[];
  stop(): Promise<void>;
}

/** An agent runtime at AGENT_RUNTIME_URL playing `script` with `delayMs` before each event. */
export async function startScriptedAgent(script = SCRIPT, delayMs = 250): Promise<ScriptedAgent> {
  const standIn = await startAgentStandIn(async function* () {
    for (const event of script) {
      await sleep(delayMs);
      yield event;
    }
  });
  return {
    url: standIn.url,
    get requests() {
      return standIn.requests.map(({ body, headers }) => ({
        body,
        userId: headers[RUNTIME_HEADERS.userId] as string | undefined,
      }));
    },
    stop: () => standIn.stop(),
  };
}

/** Every Teams user counts as linked to a Cognito sub derived from the aadObjectId it was given. */
export class LinkedIdentity implements IdentityPort {
  readonly seen: ChatUser[] = [];
  async resolve(who: ChatUser) {
    this.seen.push(who);
    return { status: 'linked', cognitoUsername: 'alice', cognitoSub: `sub-of-${who.userId}` } as const;
  }
  async handleCommand(): Promise<string> {
    return 'You are **alice**.';
  }
}

/** For suites that are not about dedupe (the handler suite uses the real one on dynalite). */
export class MemoryDedupe implements DedupePort {
  readonly #seen = new Set<string>();
  async once(key: string, work: () => Promise<void>): Promise<boolean> {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    await work();
    return true;
  }
}

/** Mutes that are only recorded: what Mute 1h wrote, in order; none is ever in force. */
export class MemoryMutes implements ChannelMutes {
  readonly set_: { channel: MutedChannel; mute: ChannelMute }[] = [];
  async get(): Promise<ChannelMute | undefined> {
    return undefined;
  }
  async set(channel: MutedChannel, mute: ChannelMute): Promise<void> {
    this.set_.push({ channel, mute });
  }
}

export interface TeamsBot {
  readonly handler: TeamsHttpHandler;
  readonly dispatcher: InProcessWorkDispatcher<TeamsWorkItem>;
  readonly identity: IdentityPort;
  /** Posts an activity and waits until the worker has finished with it. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ statusCode: number; body: string }>;
}

export interface TeamsBotOptions {
  readonly agentUrl: string;
  readonly dedupe: DedupePort;
  /** Tenants besides TENANT to allow. */
  readonly extraTenants?: readonly string[];
  readonly config?: Partial<TeamsConfig>;
  readonly adapter?: TeamsAdapterOptions;
  /** @default 1_000 (Teams' pace) */
  readonly intervalMs?: number;
  /** @default every user linked (LinkedIdentity) */
  readonly identity?: IdentityPort;
  /** The worker's guard against a second delivery of one invoke. @default a MemoryDedupe of its own: each function's deliveries are its own */
  readonly workerDedupe?: DedupePort;
  /** What a tapper may read. @default everyone reads prod and staging (openAccess) */
  readonly access?: AccessPort;
  /** Answers kept for Show more and Details (and so the answers' buttons). @default none: no buttons */
  readonly keptAnswers?: KeptAnswers;
  /** Where Mute 1h writes. @default a MemoryMutes of its own */
  readonly channelMutes?: ChannelMutes;
}

/** Every linked user is enabled in the `ops-all-readers` group; every channel allows prod and staging. */
export const openAccess: AccessPort = new DirectoryAccess({
  directory: {
    getUser: async (sub) => ({ username: 'alice', sub, enabled: true, groups: ['ops-all-readers'] }),
  },
  channels: {
    get: async ({ workspace, channel }) => ({
      platform: 'teams',
      workspaceId: workspace,
      channelId: channel,
      allowedEnvironments: ['prod', 'staging'],
    }),
  },
  registry: {
    get: async (id) =>
      [PROD, STAGING]
        .filter((account) => account.id === id)
        .map((account) => ({ ...account, aliases: [], regions: ['us-east-1'], enabled: true, tags: {} }))[0],
  },
});

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const config: TeamsConfig = {
    allowList: new WorkspaceAllowList(
      [TENANT, ...(options.extraTenants ?? [])].map((tenant) => `teams:${tenant}`).concat('slack:T0CENTRAL'),
    ),
    ...options.config,
  };
  const adapter = createTeamsAdapter(config, options.adapter);
  const identity = options.identity ?? new LinkedIdentity();
  const agent = new AgentRuntimeClient({ agentRuntimeUrl: options.agentUrl });
  const keptAnswers = options.keptAnswers;
  const pipeline = createPipeline({
    identity,
    agent,
    ...(keptAnswers ? { answerButtons: answerButtons(keptAnswers) } : {}),
  });
  const worker = createTeamsWorker({
    adapter,
    appId: config.appId,
    pipeline,
    actions: createActionPipeline({
      actions: CHAT_ACTIONS,
      identity,
      access: options.access ?? openAccess,
      questions: pipeline,
      ...(keptAnswers ? { keptAnswers } : {}),
      channelMutes: options.channelMutes ?? new MemoryMutes(),
    }),
    reply: { intervalMs: options.intervalMs ?? 1_000 },
    retry: { baseDelayMs: 50 },
    dedupe: options.workerDedupe ?? new MemoryDedupe(),
  });
  const dispatcher = new InProcessWorkDispatcher(worker);
  const handler = createTeamsHandler({
    adapter,
    allowList: config.allowList,
    dedupe: options.dedupe,
    dispatcher,
  });
  return {
    handler,
    dispatcher,
    identity,
    async post(activity, headers) {
      const result = await handler(httpEvent(activity, headers));
      await dispatcher.idle();
      return { statusCode: result.statusCode, body: result.body };
    },
  };
}

export interface PlayReplyOptions {
  /** The chat the reply goes to: a 1:1 chat (native streaming) or a group chat (edited in place). */
  readonly chat: 'personal' | 'group';
  readonly intervalMs: number;
  /** The reply stream's clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * Plays `play` against a Teams reply stream to Alice in the chosen chat, through a real adapter
 * and sender talking to `connector` (whose recorded activities are cleared first), then closes it.
 */
export async function playReply(
  connector: BotConnector,
  options: PlayReplyOptions,
  play: (reply: ReplyStream) => Promise<void>,
): Promise<void> {
  const adapter = createTeamsAdapter({ allowList: new WorkspaceAllowList([]) });
  const personal = options.chat === 'personal';
  const reference: Partial<ConversationReference> = {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: {
      id: personal ? PERSONAL_CHAT : GROUP_CHAT,
      conversationType: personal ? 'personal' : 'groupChat',
      tenantId: TENANT,
      isGroup: !personal,
      name: '',
    },
    bot: BOT,
    user: ALICE,
  };
  connector.activities.length = 0;
  await adapter.continueConversationAsync('', reference as ConversationReference, async (context) => {
    const reply = createTeamsReplyStream(new TeamsSender(context, reference), {
      ...(options.now ? { now: options.now } : {}),
      intervalMs: options.intervalMs,
    });
    await play(reply);
    await reply.close();
  });
}
