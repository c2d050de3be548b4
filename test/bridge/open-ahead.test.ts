import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountId, type BridgeHarness, DESCRIBE_INSTANCES, startBridgeHarness } from './harness.ts';

const ALICE = 'alice@example.com';

describe('bridge fan-out: sessions opened ahead of their calls', () => {
  let bridge: BridgeHarness | undefined;

  afterEach(async () => {
    await bridge?.stop();
    bridge = undefined;
  });

  it("opens the next accounts' sessions while the calls before them are answered, one round ahead", async () => {
    // Prepare: 2 calls at a time over 8 accounts, and the AWS MCP Server holds every account's call.
    bridge = await startBridgeHarness({ accountCount: 8, config: { fanoutConcurrency: 2 } });
    const { sandbox } = bridge;
    for (const account of bridge.accounts) sandbox.setLatency(60_000, account.id);
    const assumed = (): string[] => [...new Set(sandbox.calls.sts.map((call) => call.accountId))].sort();
    const members = new Set(bridge.accounts.map((account) => account.id));
    const initialized = (): number =>
      sandbox.calls.mcp.filter((call) => call.method === 'initialize' && members.has(call.accountId)).length;
    // Act
    const answer = bridge.invoke('query_accounts', {
      all: true,
      calls: DESCRIBE_INSTANCES,
      requested_by: ALICE,
    });
    await sandbox.holding(2);
    // Assess: with the first 2 calls held, the accounts of the next 2 (one round ahead) are opened
    // too (AssumeRole, initialize), and no further.
    await vi.waitFor(() => expect(initialized()).toBe(4), { timeout: 10_000 });
    expect(assumed()).toHaveLength(4);
    // Stopping the sandbox releases the held calls; the answer then settles, whatever it says.
    await sandbox.stop();
    await answer;
  });

  it('assumes an account once for all its regions, a refusal included', async () => {
    // Prepare: one call at a time, so without a shared opening each region would assume again.
    bridge = await startBridgeHarness({ accountCount: 2, config: { fanoutConcurrency: 1 } });
    bridge.sandbox.setTargetRoleMissing(accountId(1));
    // Act
    const answer = (await bridge.invoke('query_accounts', {
      account_ids: [accountId(1), accountId(2)],
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      calls: DESCRIBE_INSTANCES,
      requested_by: ALICE,
    })) as { results: { accountId: string; ok: boolean; error?: { code: string } }[] };
    // Assess
    const refusedAccount = answer.results.filter((entry) => entry.accountId === accountId(1));
    expect(refusedAccount.map((entry) => [entry.ok, entry.error?.code])).toEqual([
      [false, 'assume_role_failed'],
      [false, 'assume_role_failed'],
      [false, 'assume_role_failed'],
    ]);
    expect(answer.results.filter((entry) => entry.ok)).toHaveLength(3);
    const assumedPerAccount = bridge.sandbox.calls.sts.map((call) => call.accountId);
    expect(assumedPerAccount.sort()).toEqual([accountId(1), accountId(2)]);
  });
});
