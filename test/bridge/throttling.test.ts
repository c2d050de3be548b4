import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountId, type BridgeHarness, DESCRIBE_INSTANCES, startBridgeHarness } from './harness.ts';

describe('bridge under throttling', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 12 });
  });
  afterAll(async () => {
    await bridge.stop();
  });
  beforeEach(() => {
    bridge.sandbox.clearFaults();
    bridge.sandbox.resetCalls();
  });

  const fanOut = (stsMaxAttempts: number) =>
    bridge.queryAccounts({ all: true, calls: DESCRIBE_INSTANCES, requested_by: 'alice' }, { stsMaxAttempts });

  it('answers every account when STS throttles some AssumeRole calls, retrying them with backoff', async () => {
    // Prepare
    bridge.sandbox.injectStsFault(accountId(2), 'Throttling', 1);
    bridge.sandbox.injectStsFault(accountId(5), 'RequestLimitExceeded', 2);
    // Act
    const answer = await fanOut(4);
    // Assess
    expect(answer.summary).toMatchObject({ accounts: 12, ok: 12, failed: 0 });
    const throttled = bridge.sandbox.calls.sts.filter((call) => call.errorCode);
    expect(throttled.map((call) => [call.accountId, call.errorCode]).sort()).toEqual([
      [accountId(2), 'Throttling'],
      [accountId(5), 'RequestLimitExceeded'],
      [accountId(5), 'RequestLimitExceeded'],
    ]);
  });

  it('reports an account STS keeps throttling as throttled, beside the others’ answers', async () => {
    // Prepare
    bridge.sandbox.injectStsFault(accountId(3), 'Throttling', 10);
    // Act
    const answer = await fanOut(2);
    // Assess
    expect(answer.summary).toMatchObject({ accounts: 12, ok: 11, failed: 1 });
    expect(answer.results.find((entry) => !entry.ok)).toEqual({
      accountId: accountId(3),
      accountName: expect.any(String),
      environment: expect.any(String),
      region: 'us-east-1',
      ok: false,
      error: {
        code: 'throttled',
        message: `STS throttled AssumeRole into ${accountId(3)} (Throttling) after 2 attempts; ask again shortly`,
      },
    });
  });

  it('reports an account the AWS MCP Server keeps throttling (429) as throttled', async () => {
    // Prepare
    bridge.sandbox.injectFault(accountId(4), 'throttle', 10);
    // Act
    const answer = await fanOut(4);
    // Assess
    expect(answer.summary).toMatchObject({ ok: 11, failed: 1 });
    expect(answer.results.find((entry) => !entry.ok)).toMatchObject({
      accountId: accountId(4),
      error: { code: 'throttled', message: expect.stringContaining('HTTP 429: ThrottlingException') },
    });
  });
});
