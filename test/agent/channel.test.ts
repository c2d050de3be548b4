import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPolicyReader, ChannelPolicyWriter } from '#access/channel-policy.ts';
import type { AgentServer } from '#agent/src/app.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { type ChannelPolicy, channelKey } from '#contracts/registry.ts';
import { CONVERSATION, invoke, readEvents } from '#local/stack/agent-client.ts';
import { ALICE, BOB, startFakeAgent } from './fixtures.ts';
import { ec2Gateway } from './helpers.ts';

const CAROL = {
  sub: '0c0c0c0c-0000-4000-8000-00000000ca01',
  username: 'carol',
  groups: ['ops-admins', 'ops-all-readers'],
};
const NEW_CHANNEL = { ...CONVERSATION, channel: 'C0NEWINCIDENT', thread: '1731960000.000100' };

/** Channel policies in memory, as the channels table would hold them. */
function policies(): ChannelPolicyReader &
  ChannelPolicyWriter & { readonly stored: Map<string, ChannelPolicy> } {
  const stored = new Map<string, ChannelPolicy>();
  return {
    stored,
    get: async ({ platform, workspace, channel }) =>
      stored.get(channelKey(platform as ChannelPolicy['platform'], workspace, channel)),
    set: async (policy) => {
      stored.set(channelKey(policy.platform, policy.workspaceId, policy.channelId), policy);
    },
  };
}

describe('/ops channel', () => {
  let agent: AgentServer | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });
  const ask = async (userId: string, text: string): Promise<AgentEvent[]> =>
    readEvents(
      await invoke(agent!.url, { command: { name: 'ops', text }, userId, conversation: NEW_CHANNEL }),
    );

  it('shows a channel without a policy, to the asker only, as reading dev', async () => {
    // Prepare
    agent = await startFakeAgent({ channels: policies() });

    // Act
    const events = await ask(BOB.sub, 'channel');

    // Assess
    expect(events[0]).toEqual({ type: 'private', reason: 'setting' });
    expect(events[1]).toMatchObject({
      type: 'text',
      delta: expect.stringContaining('no policy: it reads dev only'),
    });
  });

  it('refuses a change by someone outside ops-admins, privately, writing nothing', async () => {
    // Prepare
    const store = policies();
    agent = await startFakeAgent({ channels: store });

    // Act
    const events = await ask(ALICE.sub, 'channel allow prod');

    // Assess
    expect(events[0]).toEqual({ type: 'private', reason: 'refusal' });
    expect(events[1]).toMatchObject({
      type: 'error',
      message: expect.stringContaining('Only members of ops-admins'),
    });
    expect(store.stored.size).toBe(0);
  });

  it('lets an ops-admin allow environments and a default account, recorded with who and when, announced in the channel', async () => {
    // Prepare
    const store = policies();
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ channels: store, users: [CAROL], gateway });

    // Act
    const allow = await ask(CAROL.sub, 'channel allow staging prod');
    const setDefault = await ask(CAROL.sub, 'channel default payments-prod');
    const shown = await ask(BOB.sub, 'channel');
    const asked = await ask(CAROL.sub, 'ec2');

    // Assess
    expect(allow.some((event) => event.type === 'private')).toBe(false);
    expect(allow[0]).toMatchObject({
      type: 'text',
      delta: expect.stringContaining('carol set this channel'),
    });
    expect(setDefault.some((event) => event.type === 'private')).toBe(false);
    const [policy] = store.stored.values();
    expect(policy).toEqual({
      platform: 'slack',
      workspaceId: 'T0CENTRAL',
      channelId: 'C0NEWINCIDENT',
      allowedEnvironments: ['prod', 'staging'],
      defaultAccount: 'payments-prod',
      updatedBy: 'carol',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(shown[1]).toMatchObject({
      type: 'text',
      delta: expect.stringMatching(
        /reads prod, staging; a question naming no account asks payments-prod\. Set by carol on /,
      ),
    });
    expect(
      asked.filter((event) => event.type === 'result').map((e) => e.type === 'result' && e.account.name),
    ).toEqual(['payments-prod', 'payments-prod']);
  });

  it("keeps the channel's alert routes when an ops-admin changes what it reads", async () => {
    // Prepare
    const store = policies();
    const alerts = { environments: ['prod'], sources: ['alarm' as const], minSeverity: 'high' as const };
    await store.set({
      platform: 'slack',
      workspaceId: 'T0CENTRAL',
      channelId: 'C0NEWINCIDENT',
      allowedEnvironments: ['prod'],
      alerts,
    });
    agent = await startFakeAgent({ channels: store, users: [CAROL] });

    // Act
    await ask(CAROL.sub, 'channel allow prod staging');

    // Assess
    const [policy] = store.stored.values();
    expect(policy).toMatchObject({ allowedEnvironments: ['prod', 'staging'], alerts, updatedBy: 'carol' });
  });

  it.each([
    ['an environment the registry does not have', 'channel allow prd', 'Did you mean "prod"?'],
    ['a default account the channel does not read', 'channel default payments-prod', 'allow it first'],
    ['an unknown default account', 'channel default payments-prd', 'No account or environment'],
  ])('refuses %s, naming what to do', async (_, command, says) => {
    // Prepare
    const store = policies();
    agent = await startFakeAgent({ channels: store, users: [CAROL] });

    // Act
    const events = await ask(CAROL.sub, command);

    // Assess
    expect(events[0]).toEqual({ type: 'private', reason: 'refusal' });
    expect(events[1]).toMatchObject({ type: 'error', message: expect.stringContaining(says) });
    expect(store.stored.size).toBe(0);
  });
});
