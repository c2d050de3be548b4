/**
 * Card button taps (Universal Actions: an `adaptiveCard/action` invoke) through the public Teams
 * handler: the invoke response Teams requires at once, the work done by the worker as the tapper,
 * the card edited in place, and every hostile shape refused before anything is dispatched.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refresh } from '#bot/src/actions/refresh.ts';
import type { KeptAnswer, KeptAnswers } from '#bot/src/core/kept-answers.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import { TAP_ACKNOWLEDGED } from '#bot/src/teams/ack-handler.ts';
import { cardActionSet } from '#bot/src/teams/buttons.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import {
  type BotConnector,
  type RecordedActivity,
  startBotConnector,
} from '#local/stand-ins/bot-connector.ts';
import {
  ALICE,
  CHANNEL,
  cardAction,
  channelMention,
  createTeamsBot,
  MemoryDedupe,
  type ScriptedAgent,
  startScriptedAgent,
  TENANT,
  type TeamsBot,
} from './harness.ts';

const BOB = {
  id: '29:1bob-teams-id',
  name: 'Bob Example',
  aadObjectId: 'b0b00000-0000-0000-0000-000000000002',
};
const REFRESH = refresh.button('Refresh', { q: 'prod s3', ops: true }).value;

describe('Teams card taps (adaptiveCard/action)', () => {
  let connector: BotConnector;
  let agent: ScriptedAgent;
  let bot: TeamsBot;
  let nextId = 1_732_354_900_000;
  const freshId = (): string => String(nextId++);
  /** The agent's requests since the last reset. */
  let seen = 0;
  const asked = () => agent.requests.slice(seen);

  beforeAll(async () => {
    [connector, agent] = await Promise.all([startBotConnector(), startScriptedAgent(undefined, 5)]);
    bot = createTeamsBot({ agentUrl: agent.url, dedupe: new MemoryDedupe(), intervalMs: 20 });
  });
  afterAll(async () => {
    await Promise.all([connector.stop(), agent.stop()]);
  });
  beforeEach(() => {
    connector.activities.length = 0;
    connector.conversations.length = 0;
    seen = agent.requests.length;
  });

  /** Answers a channel mention and returns the thread root and the answer card's activity id. */
  async function answeredCard(): Promise<{ rootId: string; cardId: string }> {
    const rootId = freshId();
    await bot.post(channelMention({ serviceUrl: connector.serviceUrl, id: rootId, text: 'ops prod s3' }));
    const cardId = connector.accepted(`${CHANNEL};messageid=${rootId}`).at(-1)!.activityId;
    connector.activities.length = 0;
    seen = agent.requests.length;
    return { rootId, cardId };
  }

  it('answers the invoke at once with the response Universal Actions require, then edits the card as the tapper', async () => {
    // Prepare
    const { rootId, cardId } = await answeredCard();

    // Act: bob taps Refresh on the card alice's question got
    const response = await bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        from: BOB,
        rootId,
        replyToId: cardId,
        verb: 'refresh',
        value: REFRESH,
      }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: TAP_ACKNOWLEDGED,
    });
    expect(asked().map((request) => [request.userId, request.body])).toEqual([
      [
        `sub-of-${BOB.aadObjectId}`,
        {
          prompt: 'prod s3',
          command: { name: 'ops', text: 'prod s3' },
          conversation: { platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: rootId },
          question: {
            id: expect.stringMatching(/^[0-9a-f]{32}$/),
            chatUserId: BOB.aadObjectId,
            receivedAt: expect.any(String),
            action: 'refresh',
          },
        },
      ],
    ]);
    const writes = connector.accepted(`${CHANNEL};messageid=${rootId}`);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((write) => write.method === 'PUT' && write.activityId === cardId)).toBe(true);
    expect(JSON.stringify(writes.at(-1)!.activity.attachments)).toContain('payments-prod');
  });

  it('tells the tapper privately when the button value is not one of the action’s, and asks nothing', async () => {
    // Act
    const response = await bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        rootId: freshId(),
        replyToId: freshId(),
        verb: 'refresh',
        value: '{"q":{"$ne":null}}',
      }),
    );

    // Assess
    expect(JSON.parse(response.body).statusCode).toBe(200);
    expect(asked()).toEqual([]);
    expect(connector.conversations).toHaveLength(1);
    const [note] = connector.accepted(connector.conversations[0]!.id);
    expect(note?.activity.text).toBe(BOT_MESSAGES.actionMalformed);
  });

  it.each([
    ['an Action.Submit', { action: { type: 'Action.Submit', verb: 'refresh', data: { value: REFRESH } } }],
    [
      'a verb that is not an action name',
      { action: { type: 'Action.Execute', verb: 'Refresh All!', data: {} } },
    ],
    [
      'data over the size bound',
      { action: { type: 'Action.Execute', verb: 'refresh', data: { value: 'x'.repeat(2_001) } } },
    ],
    [
      'a padded invoke value',
      {
        action: { type: 'Action.Execute', verb: 'refresh', data: { value: REFRESH } },
        pad: 'x'.repeat(9_000),
      },
    ],
    [
      'an automatic refresh',
      { action: { type: 'Action.Execute', verb: 'refresh', data: {} }, trigger: 'automatic' },
    ],
    ['no action at all', 'refresh'],
  ])('answers %s with an error invoke response and dispatches nothing', async (_, invokeValue) => {
    // Act
    const response = await bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        rootId: freshId(),
        replyToId: freshId(),
        verb: 'refresh',
        invokeValue,
      }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
    });
    expect(connector.conversations).toEqual([]);
    expect(asked()).toEqual([]);
    expect(connector.activities).toEqual([]);
  });

  it('refuses a tap without the card it was on', async () => {
    // Prepare
    const activity = cardAction({
      serviceUrl: connector.serviceUrl,
      id: freshId(),
      replyToId: 'x',
      verb: 'refresh',
      value: REFRESH,
    }) as unknown as Record<string, unknown>;
    delete activity.replyToId;

    // Act
    const response = await bot.post(activity);

    // Assess
    expect(JSON.parse(response.body)).toMatchObject({ statusCode: 400 });
    expect(asked()).toEqual([]);
  });

  it.each([
    ['another tenant', { tenantId: '00000000-0000-0000-0000-0000000000bb' }],
    ['a Web Chat client', { channelId: 'webchat' }],
  ])('refuses a tap from %s with 403', async (_, change) => {
    // Act
    const response = await bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        replyToId: freshId(),
        verb: 'refresh',
        value: REFRESH,
        ...change,
      }),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(asked()).toEqual([]);
  });

  it('runs an invoke Teams sends twice only once', async () => {
    // Prepare
    const { rootId, cardId } = await answeredCard();
    const tap = cardAction({
      serviceUrl: connector.serviceUrl,
      id: freshId(),
      from: ALICE,
      rootId,
      replyToId: cardId,
      verb: 'refresh',
      value: REFRESH,
    });

    // Act
    await bot.post(tap);
    const again = await bot.post(tap);

    // Assess
    expect(JSON.parse(again.body)).toMatchObject({ statusCode: 200 });
    expect(asked()).toHaveLength(1);
  });

  it('edits a card in a 1:1 chat in place too', async () => {
    // Act
    const cardId = freshId();
    await bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        replyToId: cardId,
        verb: 'refresh',
        value: REFRESH,
      }),
    );

    // Assess
    const writes = connector.accepted();
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((write) => write.method === 'PUT' && write.activityId === cardId)).toBe(true);
  });

  it('renders a button as an Action.Execute whose verb and data come back in the invoke', () => {
    // Act
    const set = cardActionSet([refresh.button('Refresh', { q: 'prod s3', ops: true }, 'primary')]);

    // Assess
    expect(set).toEqual({
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Execute',
          title: 'Refresh',
          verb: 'refresh',
          data: { value: '{"q":"prod s3","ops":true}' },
          style: 'positive',
        },
      ],
    });
  });

  describe('answer buttons', () => {
    /** Answers kept in memory, as the state table keeps them. */
    const kept = new Map<string, KeptAnswer>();
    const keptAnswers: KeptAnswers = {
      keep: async (answer) => {
        const id = randomUUID();
        kept.set(id, answer);
        return id;
      },
      get: async (id) => kept.get(id),
    };
    const LINES = Array.from({ length: 14 }, (_, i) => `i-0${String(i).padStart(16, '0')} running t3.micro`);
    const answerWithLines: AgentEvent[] = [
      {
        type: 'result',
        account: { id: '111111111111', name: 'payments-prod', environment: 'prod' },
        region: 'us-east-1',
        operation: 'ec2 DescribeInstances',
        summary: '14 instances (14 running)',
        lines: LINES,
        tally: { noun: 'instance', total: 14, states: { running: 14 } },
      },
      {
        type: 'final',
        summary: '14 instances',
        accounts: [{ id: '111111111111', name: 'payments-prod', environment: 'prod' }],
        regions: ['us-east-1'],
        elapsedMs: 500,
        sessionId: 's',
        rerun: {
          prompt: 'prod ec2 instances',
          command: true,
          environments: [{ environment: 'staging', prompt: 'staging ec2 instances' }],
        },
      },
    ];
    let withButtons: TeamsBot;
    let linesAgent: ScriptedAgent;

    beforeAll(async () => {
      linesAgent = await startScriptedAgent(answerWithLines, 5);
      withButtons = createTeamsBot({
        agentUrl: linesAgent.url,
        dedupe: new MemoryDedupe(),
        intervalMs: 20,
        keptAnswers,
      });
    });
    afterAll(async () => {
      await linesAgent.stop();
    });

    function actionsOf(
      record: RecordedActivity | undefined,
    ): { verb: string; title: string; data: { value: string } }[] {
      const attachments = (record?.activity.attachments ?? []) as {
        content: { body: { type: string; actions?: unknown[] }[] };
      }[];
      const card = attachments[0]!;
      return card.content.body
        .filter((element) => element.type === 'ActionSet')
        .flatMap(
          (element) =>
            element.actions as { type: string; verb: string; title: string; data: { value: string } }[],
        )
        .filter((action) => action.type === 'Action.Execute');
    }

    it('offers Refresh, the other environment, Show more and Details, and sends every line on Details', async () => {
      // Prepare
      const rootId = freshId();
      await withButtons.post(
        channelMention({ serviceUrl: connector.serviceUrl, id: rootId, text: 'ops prod ec2' }),
      );
      const thread = `${CHANNEL};messageid=${rootId}`;
      const card = connector.accepted(thread).at(-1);
      const buttons = actionsOf(card);

      // Act
      const details = buttons.find((button) => button.verb === 'details')!;
      await withButtons.post(
        cardAction({
          serviceUrl: connector.serviceUrl,
          id: freshId(),
          rootId,
          replyToId: card!.activityId,
          verb: 'details',
          value: details.data.value,
        }),
      );

      // Assess
      expect(buttons.map((button) => button.title)).toEqual([
        'Refresh',
        'In staging',
        'Show more',
        'Details',
      ]);
      const texts = connector
        .accepted(thread)
        .map((record) => String(record.activity.text ?? ''))
        .join('\n');
      expect(texts).toContain('**centralops-details.md**');
      expect(LINES.every((line) => texts.includes(line.split(' ').slice(1).join(' ')))).toBe(true);
    });

    it('pages the lines the card left out into the thread on Show more', async () => {
      // Prepare
      const rootId = freshId();
      await withButtons.post(
        channelMention({ serviceUrl: connector.serviceUrl, id: rootId, text: 'ops prod ec2' }),
      );
      const thread = `${CHANNEL};messageid=${rootId}`;
      const card = connector.accepted(thread).at(-1);
      const more = actionsOf(card).find((button) => button.verb === 'more')!;

      // Act
      await withButtons.post(
        cardAction({
          serviceUrl: connector.serviceUrl,
          id: freshId(),
          rootId,
          replyToId: card!.activityId,
          verb: 'more',
          value: more.data.value,
        }),
      );

      // Assess
      const page = connector.accepted(thread).at(-1);
      const text = JSON.stringify(page?.activity.attachments);
      expect(text).toContain('More details, page 1 of 1.');
      expect(text).toContain('i-00000000000000013');
      expect(text).not.toContain('i-00000000000000009 ');
    });
  });
});
