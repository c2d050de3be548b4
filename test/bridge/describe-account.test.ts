import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountId, type BridgeHarness, startBridgeHarness } from './harness.ts';

const DISABLED = '100000000999';
const ALICE = 'alice@example.com';

describe('describe_account', () => {
  let bridge: BridgeHarness;
  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 10, disabled: [DISABLED] });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  it("answers an enabled account's registry record, with no STS or MCP call", async () => {
    // Prepare
    bridge.sandbox.resetCalls();
    // Act
    const answer = (await bridge.invoke('describe_account', {
      account_id: accountId(1),
      requested_by: ALICE,
    })) as {
      account: { id: string; environment: string; regions: string[]; tags: Record<string, string> };
    };
    // Assess
    expect(answer.account).toMatchObject({ id: accountId(1), environment: expect.any(String), tags: {} });
    expect(answer.account.regions.length).toBeGreaterThan(0);
    expect(bridge.sandbox.calls.sts).toHaveLength(0);
    expect(bridge.sandbox.calls.mcp).toHaveLength(0);
  });

  it.each([
    ['a disabled account', DISABLED],
    ['an account not in the registry', '123456789012'],
  ])('refuses %s', async (_case, id) => {
    // Act
    const answer = await bridge.invoke('describe_account', { account_id: id, requested_by: ALICE });
    // Assess
    expect(answer).toEqual({
      error: { code: 'refused', message: `account ${id} is not a registered, enabled account` },
    });
  });

  it('refuses an input it does not declare, before the registry', async () => {
    // Act
    const answer = await bridge.invoke('describe_account', {
      account_id: accountId(1),
      calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
      requested_by: ALICE,
    });
    // Assess
    expect(answer).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('takes no field "calls"') },
    });
  });
});
