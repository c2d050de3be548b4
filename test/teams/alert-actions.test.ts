/**
 * The alert card's buttons in Teams (Action.Execute invokes through the public Teams handler):
 * Investigate as the tapper, refused in the alert's thread when they may not read the account, and
 * Mute 1h.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { investigate, investigationPlan } from '#bot/src/actions/investigate.ts';
import { DirectoryAccess } from '#bot/src/identity/access.ts';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';
import {
  ALICE,
  CHANNEL,
  cardAction,
  createTeamsBot,
  MemoryDedupe,
  MemoryMutes,
  openAccess,
  type ScriptedAgent,
  startScriptedAgent,
  TENANT,
} from './harness.ts';

const FACTS = {
  a: '111111111111',
  r: 'us-east-1',
  m: 'AWS/Lambda:Errors:FunctionName=checkout',
  s: 'Sum',
  x: 'checkout',
  l: '/aws/lambda/checkout',
};

/** alice, but only in the dev readers' group: she may not read payments-prod. */
const devOnly = new DirectoryAccess({
  directory: {
    getUser: async (sub) => ({ username: 'alice', sub, enabled: true, groups: ['ops-dev-readers'] }),
  },
  channels: {
    get: async ({ workspace, channel }) => ({
      platform: 'teams',
      workspaceId: workspace,
      channelId: channel,
      allowedEnvironments: ['prod', 'dev'],
    }),
  },
  registry: {
    get: async (id) =>
      id === FACTS.a
        ? {
            id,
            name: 'payments-prod',
            environment: 'prod',
            aliases: [],
            regions: ['us-east-1'],
            enabled: true,
            tags: {},
          }
        : undefined,
  },
});

describe('Teams alert card buttons (Investigate, Mute 1h)', () => {
  let connector: BotConnector;
  let agent: ScriptedAgent;
  let nextId = 1_732_355_900_000;
  const freshId = (): string => String(nextId++);
  let seen = 0;

  beforeAll(async () => {
    [connector, agent] = await Promise.all([startBotConnector(), startScriptedAgent(undefined, 5)]);
  });
  afterAll(async () => {
    await Promise.all([connector.stop(), agent.stop()]);
  });
  beforeEach(() => {
    connector.activities.length = 0;
    seen = agent.requests.length;
  });

  function tap(bot: ReturnType<typeof createTeamsBot>, verb: string, value: string, rootId: string) {
    return bot.post(
      cardAction({
        serviceUrl: connector.serviceUrl,
        id: freshId(),
        from: ALICE,
        rootId,
        replyToId: rootId,
        verb,
        value,
      }),
    );
  }

  it("asks the investigation's steps as the tapper and answers them in the alert's thread", async () => {
    // Prepare
    const bot = createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      intervalMs: 20,
      access: openAccess,
    });
    const rootId = freshId();

    // Act
    const response = await tap(bot, 'investigate', investigate.button('Investigate', FACTS).value, rootId);

    // Assess
    expect(response.statusCode).toBe(200);
    const asked = agent.requests.slice(seen);
    expect(asked.map((request) => request.body.command?.text)).toEqual(investigationPlan(FACTS));
    expect(asked.map((request) => request.body.conversation?.thread)).toEqual(asked.map(() => rootId));
    expect(connector.accepted(`${CHANNEL};messageid=${rootId}`).length).toBeGreaterThanOrEqual(asked.length);
  });

  it("refuses the investigation in the alert's thread when the tapper may not read the account, and asks nothing", async () => {
    // Prepare
    const bot = createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      intervalMs: 20,
      access: devOnly,
    });
    const rootId = freshId();

    // Act
    await tap(bot, 'investigate', investigate.button('Investigate', FACTS).value, rootId);

    // Assess
    expect(agent.requests.slice(seen)).toEqual([]);
    const inThread = connector
      .accepted(`${CHANNEL};messageid=${rootId}`)
      .map((a) => JSON.stringify(a.activity));
    expect(
      inThread.some((text) => text.includes('Investigation refused for alice: account 111111111111')),
    ).toBe(true);
  });

  it('mutes the channel for an hour and says so in the thread', async () => {
    // Prepare
    const mutes = new MemoryMutes();
    const bot = createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      intervalMs: 20,
      channelMutes: mutes,
    });
    const rootId = freshId();
    const before = Date.now();

    // Act
    await tap(bot, 'mute', '{}', rootId);

    // Assess
    expect(mutes.set_).toHaveLength(1);
    expect(mutes.set_[0]?.channel).toEqual({ platform: 'teams', workspaceId: TENANT, channelId: CHANNEL });
    expect(mutes.set_[0]!.mute.until).toBeGreaterThanOrEqual(before + 3_600_000);
    const inThread = connector
      .accepted(`${CHANNEL};messageid=${rootId}`)
      .map((a) => JSON.stringify(a.activity));
    expect(inThread.some((text) => text.includes('Alerts muted in this channel for 1 hour by alice'))).toBe(
      true,
    );
  });
});
