import { describe, expect, it } from 'vitest';
import { findService } from '#agent/src/catalog/index.ts';
import { runEach } from '#agent/src/fanout/run-each.ts';
import { FANOUT_DEFAULTS, type FanOutSettings, planShards } from '#agent/src/fanout/shards.ts';
import type { ToolGateway } from '#agent/src/gateway.ts';
import type { QueryPlan } from '#agent/src/ops/query-plan.ts';
import { runOpsQuery } from '#agent/src/ops/run-query.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { account, holdingGateway } from './helpers.ts';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];

/** `count` accounts in three regions, environments in turn. */
function accounts(count: number, regions = REGIONS): Account[] {
  return Array.from({ length: count }, (_, i) =>
    account(String(500_000_000_000 + i), `acct-${i}`, ENVIRONMENTS[i % 3]!, regions),
  );
}

const EC2 = findService('ec2')!;
const PLAN: QueryPlan = { kind: 'query', service: EC2, resource: EC2.resources[0], filters: {} };

interface Call {
  readonly accountIds: string[];
  readonly regions: string[];
  readonly shape: unknown;
}

/**
 * A Gateway answering query_accounts as the bridge does with a shape: per account-region 2
 * instances, 1 running and 1 stopped. It records every call and the most calls it held at once;
 * `fail` decides which calls fail (thrown, as a Gateway transport error is).
 */
function shapedGateway(fail: (call: Call, index: number) => boolean = () => false) {
  const read = (_tool: string, args: Record<string, unknown>): Call => ({
    accountIds: args.account_ids as string[],
    regions: args.regions as string[],
    shape: args.shape,
  });
  return holdingGateway(read, (call, index) => {
    if (fail(call, index)) throw new Error('Gateway call failed: Lambda timed out');
    return {
      results: call.accountIds.flatMap((accountId) =>
        call.regions.map((region) => ({
          accountId,
          region,
          ok: true,
          shaped: {
            response: {
              Reservations: [
                {
                  Instances: [
                    {
                      InstanceId: `i-${accountId}-1`,
                      InstanceType: 't3.micro',
                      State: { Name: 'running' },
                    },
                  ],
                },
              ],
            },
            total: 2,
            counts: { running: 1, stopped: 1 },
            omitted: 1,
          },
        })),
      ),
    };
  });
}

async function collect(
  gateway: ToolGateway,
  targets: readonly Account[],
  fanOut: FanOutSettings = FANOUT_DEFAULTS,
  filters: QueryPlan['filters'] = {},
): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of runOpsQuery({
    plan: { ...PLAN, filters },
    accounts: targets,
    requestedBy: 'alice',
    gateway,
    now: new Date('2026-11-26T12:00:00Z'),
    fanOut,
  }))
    events.push(event);
  return events;
}

const progressOf = (events: readonly AgentEvent[]) =>
  events.flatMap((event) => (event.type === 'status' && event.progress ? [event.progress] : []));

describe('planShards', () => {
  it('keeps a question of a few accounts in one shard', () => {
    // Act
    const shards = planShards(
      accounts(4).map((a) => ({ account: a, regions: a.regions })),
      FANOUT_DEFAULTS,
    );
    // Assess
    expect(shards).toHaveLength(1);
    expect(shards[0]!.accounts).toHaveLength(4);
  });

  it('splits 1,000 accounts × 3 regions into a small first wave and shards of whole rounds, at most 100', () => {
    // Prepare
    const targets = accounts(1000).map((a) => ({ account: a, regions: a.regions }));
    // Act
    const shards = planShards(targets, FANOUT_DEFAULTS);
    // Assess: 8 shards of 5 accounts (15 account-regions: one round of the bridge's 16), then
    // three waves of 32 accounts (96: six rounds), then what is left, 24 accounts (72: five rounds).
    const sizes = shards.map((shard) => shard.accounts.length * shard.regions.length);
    expect(sizes.slice(0, 8)).toEqual(Array(8).fill(15));
    expect(sizes.slice(8)).toEqual([...Array(24).fill(96), ...Array(8).fill(72)]);
    // Each of the 8 slots answers in ceil(3,000 / 128) = 24 rounds, the floor: none takes one more.
    const rounds = Array(8).fill(0);
    sizes.forEach((size, i) => {
      rounds[i % 8] += Math.ceil(size / 16);
    });
    expect(rounds).toEqual(Array(8).fill(24));
    expect(shards.flatMap((shard) => shard.accounts.map((a) => a.id))).toEqual(
      targets.map((t) => t.account.id),
    );
  });

  it.each([
    [900, 1],
    [522, 2],
    [1222, 2],
    [169, 3],
    [2000, 3],
  ])('answers %i accounts × %i regions in the fewest rounds the slots allow', (count, regionCount) => {
    // Prepare
    const regions = REGIONS.concat(['ap-south-1']).slice(0, regionCount);
    const targets = accounts(count, regions).map((a) => ({ account: a, regions }));
    // Act
    const shards = planShards(targets, FANOUT_DEFAULTS);
    // Assess: 8 slots, each taking the next shard when it is free; a shard takes whole rounds of 16.
    const busy = Array(8).fill(0);
    for (const shard of shards) {
      const slot = busy.indexOf(Math.min(...busy));
      busy[slot] += Math.ceil((shard.accounts.length * regions.length) / 16);
    }
    const firstWave = shards
      .slice(0, 8)
      .reduce((sum, shard) => sum + shard.accounts.length * regions.length, 0);
    expect(Math.max(...busy)).toBe(1 + Math.ceil((count * regions.length - firstWave) / 128));
    expect(shards.every((shard) => shard.accounts.length * regions.length <= 100)).toBe(true);
  });

  it('never puts accounts asked in different regions in one shard', () => {
    // Prepare
    const targets = [...accounts(30), ...accounts(30, ['us-east-1'])].map((a) => ({
      account: a,
      regions: a.regions,
    }));
    // Act
    const shards = planShards(targets, { shardSize: 20, shardsInFlight: 2, firstShardSize: 6 });
    // Assess
    for (const shard of shards) {
      expect(new Set(shard.accounts.map((a) => a.regions.join(',')))).toEqual(
        new Set([shard.regions.join(',')]),
      );
      expect(shard.accounts.length * shard.regions.length).toBeLessThanOrEqual(20);
    }
    expect(shards.reduce((sum, shard) => sum + shard.accounts.length, 0)).toBe(60);
  });
});

describe('runEach', () => {
  it('keeps at most the shards in flight asked, and yields each as it lands', async () => {
    // Prepare: shard 0 lands only once every other shard has landed.
    let running = 0;
    let peak = 0;
    let othersLeft = 11;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const shards = Array.from({ length: 12 }, (_, i) => ({ accounts: [], regions: [String(i)] }));
    // Act
    const landed: string[] = [];
    for await (const region of runEach(shards, 3, async (shard) => {
      running += 1;
      peak = Math.max(peak, running);
      const name = shard.regions[0]!;
      if (name === '0') await firstHeld;
      else await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      if (name !== '0' && --othersLeft === 0) releaseFirst();
      return name;
    }))
      landed.push(region);
    // Assess
    expect(peak).toBe(3);
    expect(landed).toHaveLength(12);
    expect(landed.at(-1)).toBe('0');
  });
});

describe('runOpsQuery over a large fan-out', () => {
  it('sends every account-region once, in bounded shards, at most the shards in flight at once', async () => {
    // Prepare
    const { gateway, calls, peak } = shapedGateway();
    const targets = accounts(300);
    // Act
    const events = await collect(gateway, targets);
    // Assess
    expect(peak()).toBeLessThanOrEqual(FANOUT_DEFAULTS.shardsInFlight);
    const asked = calls.flatMap((call) =>
      call.accountIds.flatMap((id) => call.regions.map((r) => `${id}#${r}`)),
    );
    expect(asked.sort()).toEqual(targets.flatMap((a) => REGIONS.map((r) => `${a.id}#${r}`)).sort());
    for (const call of calls) expect(call.accountIds.length * call.regions.length).toBeLessThanOrEqual(100);
    expect(events.filter((event) => event.type === 'result')).toHaveLength(900);
  });

  it('asks for counts and ten items, and sums them by environment and state in an opening summary', async () => {
    // Prepare
    const { gateway, calls } = shapedGateway();
    // Act
    const events = await collect(gateway, accounts(30));
    // Assess
    expect(calls[0]!.shape).toEqual({
      items: 'Reservations[].Instances[]',
      fields: ['InstanceId', 'InstanceType', 'State.Name', 'Tags[Key=Name]'],
      count_by: 'State.Name',
      max_items: 10,
    });
    const result = events.find((event) => event.type === 'result');
    expect(result).toMatchObject({
      summary: '2 instances (1 running, 1 stopped)',
      lines: [expect.stringContaining('running t3.micro'), '… and 1 more'],
    });
    const summary = events.filter((event) => event.type === 'text').at(-1);
    expect(summary).toEqual({
      type: 'text',
      delta: [
        '**EC2 instances**: 90 of 90 account-regions answered',
        '- prod, 10 accounts: 60 instances (30 running, 30 stopped)',
        '- staging, 10 accounts: 60 instances (30 running, 30 stopped)',
        '- dev, 10 accounts: 60 instances (30 running, 30 stopped)',
      ].join('\n'),
    });
  });

  it('reports progress at 0 first, then as each shard lands, its results streamed before it, up to the whole', async () => {
    // Prepare
    const { gateway } = shapedGateway();
    // Act
    const events = await collect(gateway, accounts(100));
    // Assess
    const progress = progressOf(events);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[0]).toEqual({ done: 0, total: 300, failed: 0 });
    expect(events.findIndex((event) => event.type === 'status' && event.progress)).toBeLessThan(
      events.findIndex((event) => event.type === 'result'),
    );
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: 300, total: 300, failed: 0 });
    const first = events.findIndex(
      (event) => event.type === 'status' && event.progress && event.progress.done > 0,
    );
    const landed = progress.find((p) => p.done > 0)!;
    expect(events.slice(0, first).filter((event) => event.type === 'result')).toHaveLength(landed.done);
    expect(events[first]).toEqual({
      type: 'status',
      message: `${landed.done} of 300 account-regions`,
      progress: landed,
    });
  });

  it('answers the other shards when one fails, each of its account-regions failed and named', async () => {
    // Prepare: the third call fails.
    const { gateway, calls } = shapedGateway((_call, index) => index === 2);
    // Act
    const events = await collect(gateway, accounts(200));
    // Assess
    const failed = calls[2]!.accountIds.length * calls[2]!.regions.length;
    const errors = events.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(failed);
    expect(errors[0]).toMatchObject({
      code: 'unavailable',
      message: 'Gateway call failed: Lambda timed out',
      account: { id: calls[2]!.accountIds[0] },
    });
    expect(events.filter((event) => event.type === 'result')).toHaveLength(600 - failed);
    expect(progressOf(events).at(-1)).toEqual({ done: 600, total: 600, failed });
    const summary = events.filter((event) => event.type === 'text').at(-1);
    const firstFailed = calls[2]!.accountIds[0]!;
    expect(summary?.type === 'text' && summary.delta).toContain(
      `- ⚠️ unavailable (${failed}): acct-${Number(firstFailed) - 500_000_000_000} (${firstFailed}) us-east-1`,
    );
    expect(summary?.type === 'text' && summary.delta).toContain(
      `**EC2 instances**: ${600 - failed} of 600 account-regions answered, ${failed} failed`,
    );
  });

  it('sends the name filter as a match on the fields the name is read from', async () => {
    // Prepare
    const { gateway, calls } = shapedGateway();
    // Act
    await collect(gateway, accounts(2), FANOUT_DEFAULTS, { name: 'web' });
    // Assess
    expect(calls.at(-1)!.shape).toMatchObject({
      match: { fields: ['Tags[Key=Name].Value', 'InstanceId'], contains: 'web' },
    });
  });
});
