import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_SECRET_FUNCTION } from '#local/sandbox-aws/index.ts';
import { accountId, type BridgeHarness, DESCRIBE_INSTANCES, startBridgeHarness } from './harness.ts';

const ALICE = 'alice';
const SHAPE = {
  items: 'Reservations[].Instances[]',
  fields: ['InstanceId', 'State.Name', 'Tags[Key=Name]'],
  count_by: 'State.Name',
};
const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

describe('query_accounts answers shaped for scale', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 80 });
  });
  afterAll(async () => {
    await bridge.stop();
  });
  beforeEach(() => {
    bridge.sandbox.clearFaults();
    bridge.sandbox.resetCalls();
  });

  const fanOut = (event: Record<string, unknown>, config = {}) =>
    bridge.queryAccounts({ all: true, calls: DESCRIBE_INSTANCES, requested_by: ALICE, ...event }, config);

  it('answers each account-region with the matching items, their total and counts, not the whole response', async () => {
    // Act
    const answer = await fanOut({ shape: { ...SHAPE, max_items: 2 } });
    // Assess: every count and total is the dataset's, every item carries only the fields named.
    expect(answer.summary).toMatchObject({ accounts: 80, ok: 80 });
    for (const entry of answer.results) {
      const instances = bridge.sandbox.dataset(entry.accountId).byRegion[entry.region]!.instances;
      const states: Record<string, number> = {};
      for (const instance of instances) states[instance.State.Name] = (states[instance.State.Name] ?? 0) + 1;
      expect(entry.content).toBeUndefined();
      expect(entry.shaped).toMatchObject({ total: instances.length, counts: states });
      expect(entry.shaped!.omitted).toBe(Math.max(0, instances.length - 2));
      const kept = entry.shaped!.response.Reservations!.flatMap((reservation) => reservation.Instances);
      expect(kept).toEqual(
        instances.slice(0, 2).map((instance) => ({
          InstanceId: instance.InstanceId,
          State: { Name: instance.State.Name },
          Tags: instance.Tags.filter((tag) => tag.Key === 'Name'),
        })),
      );
    }
  });

  it('keeps a fan-out answer within its byte budget, each entry within an equal share', async () => {
    // Prepare: 80 whole DescribeInstances answers weigh about 180 kB.
    const budget = 40_000;
    // Act
    const whole = await fanOut({});
    const budgeted = await fanOut({}, { maxResponseBytes: budget });
    // Assess
    expect(bytes(whole)).toBeGreaterThan(budget * 3);
    expect(bytes(budgeted)).toBeLessThanOrEqual(budget);
    expect(budgeted.summary).toMatchObject({ accounts: 80, ok: 80 });
    for (const entry of budgeted.results) {
      expect(bytes(entry)).toBeLessThanOrEqual(Math.floor((budget - 256) / 80));
      expect(entry.truncatedBytes).toBeGreaterThan(0);
    }
  });

  it('keeps a shaped answer within its budget by returning fewer items, the totals intact', async () => {
    // Prepare
    const budget = 30_000;
    // Act
    const answer = await fanOut({ shape: SHAPE }, { maxResponseBytes: budget });
    // Assess
    expect(bytes(answer)).toBeLessThanOrEqual(budget);
    const totals = answer.results.map((entry) => entry.shaped!.total);
    const expected = answer.results.map(
      (entry) => bridge.sandbox.dataset(entry.accountId).byRegion[entry.region]!.instances.length,
    );
    expect(totals).toEqual(expected);
    expect(answer.results.some((entry) => entry.shaped!.omitted > 0)).toBe(true);
  });

  it('cuts a failed entry’s message to its share, beside the others', async () => {
    // Prepare: 80 entries in 16 kB leave 196 bytes each, less than the AccessDenied message needs.
    bridge.sandbox.injectFault(accountId(3), 'access_denied', 1);
    // Act
    const answer = await fanOut({ shape: { ...SHAPE, max_items: 0 } }, { maxResponseBytes: 16_000 });
    // Assess
    const failed = answer.results.find((entry) => !entry.ok)!;
    expect(failed).toMatchObject({ accountId: accountId(3), error: { code: 'tool_error' } });
    expect(failed.error!.message.endsWith('…')).toBe(true);
    expect(bytes(failed)).toBeLessThanOrEqual(Math.floor((16_000 - 256) / 80));
    expect(answer.summary).toMatchObject({ ok: 79, failed: 1 });
  });

  it('refuses more than 3,000 account-regions in one call before any AWS call', async () => {
    // Prepare: 80 accounts × 40 regions.
    const regions = Array.from({ length: 40 }, (_, i) => `us-test-${i + 1}`);
    // Act
    const answer = await fanOut({ regions });
    // Assess
    expect(answer).toEqual({
      error: {
        code: 'invalid_input',
        message: '3200 account-regions in one call; at most 3000: split the accounts over several calls',
      },
    });
    expect(bridge.sandbox.calls.sts).toHaveLength(0);
    expect(bridge.sandbox.calls.mcp).toHaveLength(0);
  });

  it('refuses a shape over several calls', async () => {
    // Act
    const answer = await fanOut({ calls: [...DESCRIBE_INSTANCES, ...DESCRIBE_INSTANCES], shape: SHAPE });
    // Assess
    expect(answer).toEqual({
      error: { code: 'invalid_input', message: 'shape applies to one call: give exactly one' },
    });
  });

  it('shapes the redacted response: a secret never becomes a count or a match', async () => {
    // Prepare: the planted function holds an access key id and a secret key in its environment.
    const listFunctions = [{ service: 'lambda', operation: 'ListFunctions' }];
    // Act
    const counted = await fanOut({
      all: undefined,
      account_ids: [accountId(1)],
      calls: listFunctions,
      shape: {
        items: 'Functions[]',
        count_by: 'Environment.Variables.LEGACY_AWS_ACCESS_KEY_ID',
        max_items: 0,
      },
    });
    const matched = await fanOut({
      all: undefined,
      account_ids: [accountId(1)],
      calls: listFunctions,
      shape: {
        items: 'Functions[]',
        fields: ['FunctionName'],
        match: { fields: ['Environment.Variables.LEGACY_CREDENTIALS'], contains: 'aws_secret_access_key=' },
      },
    });
    // Assess
    const counts = counted.results[0]!.shaped!.counts!;
    expect(Object.keys(counts)).toContain('[REDACTED]');
    expect(JSON.stringify(counts)).not.toMatch(/AKIA[A-Z0-9]{16}/);
    expect(matched.results[0]!.shaped).toMatchObject({ total: 0 });
    expect(JSON.stringify(matched)).not.toContain(PLANTED_SECRET_FUNCTION);
  });
});
