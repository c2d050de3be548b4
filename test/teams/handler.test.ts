import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfirmationAddress } from '#bot/src/core/chat-event.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { DedupeError, DispatchError } from '#bot/src/core/errors.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createTeamsHandler } from '#bot/src/teams/ack-handler.ts';
import { createTeamsAdapter } from '#bot/src/teams/adapter.ts';
import { mapActivity } from '#bot/src/teams/inbound.ts';
import { NOTIFIER_MESSAGES } from '#bot/src/teams/private-notifier.ts';
import type { TeamsWorkItem } from '#bot/src/teams/work.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import {
  type BotConnector,
  type RecordedActivity,
  startBotConnector,
} from '#local/stand-ins/bot-connector.ts';
import {
  ALICE,
  BOT,
  CHANNEL,
  channelMention,
  createTeamsBot,
  GROUP_CHAT,
  groupChatMention,
  httpEvent,
  type LinkedIdentity,
  PERSONAL_CHAT,
  personalMessage,
  type ScriptedAgent,
  startScriptedAgent,
  TENANT,
  type TeamsBot,
  threadReplyMention,
  webChatMessage,
} from './harness.ts';

/**
 * The stand-in stamps each request when it arrives; on a loaded machine one request can arrive a
 * scheduling slice later than the next one was sent, so spacing checks allow this much slack. A
 * missing pacer or an ignored Retry-After still fails them by far (gaps near 0 ms).
 */
const ARRIVAL_JITTER_MS = 150;

interface StreamInfo {
  type: string;
  streamId?: string;
  streamType?: string;
  streamSequence?: number;
}

function streamInfoOf(record: RecordedActivity): StreamInfo | undefined {
  const entities = (record.activity.entities ?? []) as StreamInfo[];
  return entities.find((entity) => entity.type === 'streaminfo');
}

function cardText(record: RecordedActivity): string {
  return JSON.stringify((record.activity.attachments as unknown[] | undefined) ?? []);
}

describe('Teams handler', () => {
  let dynamo: LocalDynamoDB;
  let connector: BotConnector;
  let agent: ScriptedAgent;
  let fastAgent: ScriptedAgent;
  /** Teams' real pace (one update a second) for the tests that check it. */
  let bot: TeamsBot;
  /** A quicker pace and agent for the rest, to keep the suite short. */
  let fast: TeamsBot;
  let nextId = 1_732_354_300_000;
  const freshId = (): string => String(nextId++);

  beforeAll(async () => {
    [dynamo, connector, agent, fastAgent] = await Promise.all([
      startLocalDynamoDB(),
      startBotConnector(),
      startScriptedAgent(),
      startScriptedAgent(undefined, 20),
    ]);
    const dedupe = DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack', { client: dynamo.client });
    bot = createTeamsBot({ agentUrl: agent.url, dedupe });
    fast = createTeamsBot({ agentUrl: fastAgent.url, dedupe, intervalMs: 100 });
  });

  afterAll(async () => {
    await Promise.all([dynamo?.stop(), connector?.stop(), agent?.stop(), fastAgent?.stop()]);
  });

  beforeEach(() => {
    connector.activities.length = 0;
  });

  it('answers a channel mention in the thread of the mentioning message, updating one message in place', async () => {
    // Prepare
    const id = freshId();

    // Act
    const result = await bot.post(
      channelMention({ serviceUrl: connector.serviceUrl, id, text: 'ops prod s3' }),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    const thread = `${CHANNEL};messageid=${id}`;
    const sent = connector.accepted();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((record) => record.conversationId === thread)).toBe(true);
    expect(sent.filter((record) => record.method === 'POST')).toHaveLength(1);
    const messageId = sent[0]!.activityId;
    expect(sent.slice(1).every((record) => record.method === 'PUT' && record.activityId === messageId)).toBe(
      true,
    );
    expect(sent.some(streamInfoOf)).toBe(false);
    const final = sent.at(-1)!;
    expect(cardText(final)).toContain('payments-prod');
    expect(cardText(final)).toContain('us-east-1 · 3 buckets');
    expect(cardText(final)).toContain('"version":"1.5"');
    // At most one visible update per second.
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1_000 - ARRIVAL_JITTER_MS);
    // The mention is gone and the `ops` prefix became a command.
    expect(agent.requests.at(-1)!.body.command).toEqual({ name: 'ops', text: 'prod s3' });
    expect(agent.requests.at(-1)!.body.conversation).toMatchObject({
      platform: 'teams',
      channel: CHANNEL,
      thread: id,
    });
  });

  it('answers a mention inside an existing thread under that thread root', async () => {
    // Prepare
    const rootId = freshId();

    // Act
    await fast.post(threadReplyMention({ serviceUrl: connector.serviceUrl, id: freshId(), rootId }));

    // Assess
    const sent = connector.accepted();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((record) => record.conversationId === `${CHANNEL};messageid=${rootId}`)).toBe(true);
    expect(fastAgent.requests.at(-1)!.body.conversation.thread).toBe(rootId);
  });

  it('streams in a personal chat: informative, then streaming with rising sequence and growing text, then final', async () => {
    // Act
    await bot.post(
      personalMessage({ serviceUrl: connector.serviceUrl, id: freshId(), text: 'list S3 buckets in prod' }),
    );

    // Assess
    const sent = connector.accepted(PERSONAL_CHAT);
    const infos = sent.map(streamInfoOf);
    expect(infos.every(Boolean)).toBe(true);
    const [first, ...rest] = sent;
    expect(first!.activity.type).toBe('typing');
    expect(infos[0]).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    expect(infos[0]!.streamId).toBeUndefined();
    const streamId = first!.activityId;
    const updates = rest.slice(0, -1);
    expect(updates.length).toBeGreaterThan(0);
    let sequence = 1;
    let text = '';
    for (const update of updates) {
      const info = streamInfoOf(update)!;
      expect(update.activity.type).toBe('typing');
      expect(info.streamId).toBe(streamId);
      expect(info.streamSequence).toBeGreaterThan(sequence);
      sequence = info.streamSequence!;
      if (info.streamType === 'streaming') {
        expect((update.activity.text as string).startsWith(text)).toBe(true);
        text = update.activity.text as string;
      }
    }
    expect(updates.some((update) => streamInfoOf(update)!.streamType === 'streaming')).toBe(true);
    const final = sent.at(-1)!;
    expect(final.activity.type).toBe('message');
    expect(streamInfoOf(final)).toEqual({ type: 'streaminfo', streamId, streamType: 'final' });
    expect(cardText(final)).toContain('payments-staging');
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1_000 - ARRIVAL_JITTER_MS);
    expect(connector.activities.every((record) => record.status < 300)).toBe(true);
  });

  it('never streams natively in a group chat: one message updated in place', async () => {
    // Act
    await fast.post(groupChatMention({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess
    const sent = connector.accepted(GROUP_CHAT);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.some(streamInfoOf)).toBe(false);
    expect(sent.filter((record) => record.method === 'POST')).toHaveLength(1);
    expect(connector.activities.every((record) => record.status < 300)).toBe(true);
  });

  it('retries a throttled send after Retry-After and still delivers the answer', async () => {
    // Prepare
    connector.throttle(1, 1);

    // Act
    await fast.post(groupChatMention({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess
    const [throttled, retried] = connector.activities;
    expect(throttled!.status).toBe(429);
    expect(retried!.status).toBe(201);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1_000 - ARRIVAL_JITTER_MS);
    expect(cardText(connector.activities.at(-1)!)).toContain('payments-prod');
  });

  it('retries a 412 from the connector with back-off', async () => {
    // Prepare
    connector.fail(412, 2);

    // Act
    await fast.post(groupChatMention({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess
    expect(connector.activities.slice(0, 3).map((record) => record.status)).toEqual([412, 412, 201]);
    expect(cardText(connector.activities.at(-1)!)).toContain('payments-prod');
  });

  it('refuses an activity from a tenant that is not on the allow-list', async () => {
    // Prepare
    const requestsBefore = fastAgent.requests.length;

    // Act
    const result = await fast.post(
      channelMention({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        tenantId: 'ffffffff-0000-0000-0000-000000000bad',
      }),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(connector.activities).toHaveLength(0);
    expect(fastAgent.requests.length).toBe(requestsBefore);
  });

  it.each(['webchat', 'directline'] as const)(
    'refuses a %s activity that claims a Teams user of an allowed tenant',
    async (channelId) => {
      // Prepare
      const requestsBefore = fastAgent.requests.length;

      // Act
      const result = await fast.post(
        webChatMessage({ serviceUrl: connector.serviceUrl, id: freshId(), channelId }),
      );

      // Assess
      expect(result.statusCode).toBe(403);
      expect(result.body).toBe('channel not supported');
      expect(fastAgent.requests.length).toBe(requestsBefore);
      expect(connector.activities).toHaveLength(0);
    },
  );

  it('refuses a Teams activity whose tenant is named only in channelData', async () => {
    // Prepare: channelData names an allowed tenant, the conversation names none
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() }) as unknown as {
      conversation: Record<string, unknown>;
    };
    delete activity.conversation.tenantId;
    const requestsBefore = fastAgent.requests.length;

    // Act
    const result = await fast.post(activity);

    // Assess
    expect(result.statusCode).toBe(403);
    expect(fastAgent.requests.length).toBe(requestsBefore);
  });

  it('answers a re-sent activity only once', async () => {
    // Prepare
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() });
    const requestsBefore = fastAgent.requests.length;

    // Act
    const first = await fast.post(activity);
    const second = await fast.post(activity);

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(fastAgent.requests.length).toBe(requestsBefore + 1);
  });

  it('answers once when Lambda delivers the same worker invoke twice', async () => {
    // Prepare: the work item the ack path hands over, delivered twice (asynchronous invokes are at-least-once)
    const mapping = mapActivity(personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() }));
    if (mapping.status !== 'accepted') throw new Error(mapping.reason);
    const requestsBefore = fastAgent.requests.length;

    // Act
    await fast.dispatcher.dispatch(mapping.work);
    await fast.dispatcher.dispatch(mapping.work);
    await fast.dispatcher.idle();

    // Assess
    expect(fastAgent.requests.length).toBe(requestsBefore + 1);
  });

  it('still answers when the worker cannot write its dedupe record, rather than dropping the turn', async () => {
    // Prepare
    const unwritable = createTeamsBot({
      agentUrl: fastAgent.url,
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack', { client: dynamo.client }),
      workerDedupe: {
        once: async () => {
          throw new DedupeError('ProvisionedThroughputExceededException (centralops-state)');
        },
      },
      intervalMs: 100,
    });
    const requestsBefore = fastAgent.requests.length;

    // Act
    await unwritable.post(personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess
    expect(fastAgent.requests.length).toBe(requestsBefore + 1);
    expect(cardText(connector.accepted(PERSONAL_CHAT).at(-1)!)).toContain('payments-prod');
  });

  it('answers 500 when the hand-off fails and runs Bot Service’s re-send of that activity', async () => {
    // Prepare
    let failures = 1;
    const dispatched: TeamsWorkItem[] = [];
    const allowList = new WorkspaceAllowList([`teams:${TENANT}`]);
    const handler = createTeamsHandler({
      adapter: createTeamsAdapter({ allowList }),
      allowList,
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack', { client: dynamo.client }),
      dispatcher: {
        dispatch: async (work) => {
          if (failures-- > 0) throw new DispatchError('Lambda throttled');
          dispatched.push(work);
        },
      },
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() });

    // Act
    const first = await handler(httpEvent(activity));
    const resent = await handler(httpEvent(activity));

    // Assess
    expect(first.statusCode).toBe(500);
    expect(resent.statusCode).toBe(200);
    expect(dispatched).toHaveLength(1);
  });

  it('identifies the asker by aadObjectId and tenant, never by display name', async () => {
    // Act
    await fast.post(personalMessage({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess
    const event = (fast.identity as LinkedIdentity).seen.at(-1)!;
    expect(event).toMatchObject({ platform: 'teams', userId: ALICE.aadObjectId, workspaceId: TENANT });
    expect(fastAgent.requests.at(-1)!.userId).toBe(`sub-of-${ALICE.aadObjectId}`);
  });

  it('sends a private answer to the asker’s 1:1 chat, not the channel', async () => {
    // Act
    await fast.post(
      channelMention({ serviceUrl: connector.serviceUrl, id: freshId(), text: 'ops prod s3 private' }),
    );

    // Assess
    const created = connector.conversations.at(-1)!;
    expect(created.parameters).toMatchObject({
      isGroup: false,
      members: [{ id: ALICE.id }],
      tenantId: TENANT,
    });
    const sent = connector.accepted();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((record) => record.conversationId === created.id)).toBe(true);
  });

  const linkUrl = 'https://centralops.auth.example.com/oauth2/authorize?state=one-time';
  /** A bot whose every user is unlinked; records the confirmation address of each link issued. */
  function unlinkedBot() {
    const addresses: (ConfirmationAddress | undefined)[] = [];
    const bot = createTeamsBot({
      agentUrl: fastAgent.url,
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack', { client: dynamo.client }),
      intervalMs: 100,
      identity: {
        resolve: async (_event, linkContext) => {
          addresses.push((await linkContext?.())?.confirmationAddress);
          return { status: 'unlinked', linkUrl };
        },
        handleCommand: async () => 'unused',
      },
    });
    return { bot, addresses };
  }

  it('sends the link prompt of an unlinked user to their 1:1 chat, never into the channel', async () => {
    // Prepare
    const { bot: unlinked } = unlinkedBot();
    const id = freshId();

    // Act
    await unlinked.post(channelMention({ serviceUrl: connector.serviceUrl, id, text: 'ops prod s3' }));

    // Assess
    const created = connector.conversations.at(-1)!;
    expect(created.parameters).toMatchObject({ isGroup: false, members: [{ id: ALICE.id }] });
    const withLink = connector.accepted().filter((record) => String(record.activity.text).includes(linkUrl));
    expect(withLink).toHaveLength(1);
    expect(withLink[0]!.conversationId).toBe(created.id);
    expect(connector.accepted(`${CHANNEL};messageid=${id}`)).toHaveLength(0);
  });

  it('gives a link issued from a channel the 1:1 chat of its prompt as confirmation address', async () => {
    // Prepare
    const { bot: unlinked, addresses } = unlinkedBot();
    const conversationsBefore = connector.conversations.length;

    // Act
    await unlinked.post(channelMention({ serviceUrl: connector.serviceUrl, id: freshId() }));

    // Assess: one 1:1 chat, opened once for both
    expect(connector.conversations).toHaveLength(conversationsBefore + 1);
    const created = connector.conversations.at(-1)!;
    expect(addresses).toEqual([
      { serviceUrl: connector.serviceUrl, conversationId: created.id, botId: BOT.id, tenantId: TENANT },
    ]);
    expect(connector.accepted(created.id).map((record) => record.activity.text)).toEqual([
      expect.stringContaining(linkUrl),
    ]);
  });

  it('tells the asker in the thread when their 1:1 chat cannot be opened, and issues the link without an address', async () => {
    // Prepare
    const { bot: unlinked, addresses } = unlinkedBot();
    connector.failConversations(403, 1);
    const id = freshId();

    // Act
    await unlinked.post(channelMention({ serviceUrl: connector.serviceUrl, id }));

    // Assess
    expect(addresses).toEqual([undefined]);
    expect(connector.accepted(`${CHANNEL};messageid=${id}`).map((record) => record.activity.text)).toEqual([
      NOTIFIER_MESSAGES.cannotReachPrivately,
    ]);
    expect(connector.accepted().some((record) => String(record.activity.text).includes(linkUrl))).toBe(false);
  });
});
