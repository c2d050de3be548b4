import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_SECRET_FUNCTION } from '../sandbox-aws/index.ts';
import {
  accountId,
  type BridgeHarness,
  DESCRIBE_INSTANCES,
  gatewayContext,
  startBridgeHarness,
} from './harness.ts';

const DISABLED = '100000000999';
const UNREGISTERED = '123456789012';
const ALICE = 'alice@example.com';

interface Answer {
  readonly accountId: string;
  readonly region: string;
  readonly ok: boolean;
  readonly content: string;
  readonly truncatedBytes?: number;
  readonly error?: { readonly code: string; readonly message: string };
}
interface FanOutAnswer {
  readonly results: Answer[];
  readonly summary: { accounts: number; ok: number; failed: number; refused: number; elapsedMs: number };
}

describe('bridge handler', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 50, disabled: [DISABLED] });
  });
  afterAll(async () => {
    await bridge.stop();
  });
  beforeEach(() => {
    bridge.sandbox.clearFaults();
    bridge.sandbox.setResponseMode('auto');
    bridge.sandbox.resetCalls();
  });

  const query = (target: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    bridge.invoke('query', {
      account_id: target,
      tool_name: 'aws___run_script',
      arguments: DESCRIBE_INSTANCES,
      requested_by: ALICE,
      ...extra,
    });

  describe('query', () => {
    it('signs the MCP call with the assumed credentials of the target account and injects the region', async () => {
      // Act
      const answer = (await query(accountId(7), { region: 'us-west-2' })) as Answer;
      // Assess
      expect(answer).toMatchObject({ accountId: accountId(7), region: 'us-west-2', ok: true });
      const toolCalls = bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call');
      expect(toolCalls).toEqual([
        expect.objectContaining({
          accountId: accountId(7),
          sourceIdentity: ALICE,
          region: 'us-west-2',
          status: 200,
          toolName: 'aws___run_script',
        }),
      ]);
      expect(bridge.sandbox.calls.sts).toEqual([
        expect.objectContaining({ accountId: accountId(7), sourceIdentity: ALICE, ok: true }),
      ]);
    });

    it('refuses an unregistered account without calling STS or the MCP server', async () => {
      // Act
      const answer = await query(UNREGISTERED);
      // Assess
      expect(answer).toEqual({
        error: { code: 'refused', message: `account ${UNREGISTERED} is not a registered, enabled account` },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it('refuses a disabled account without calling STS or the MCP server', async () => {
      // Act
      const answer = await query(DISABLED);
      // Assess
      expect(answer).toMatchObject({ error: { code: 'refused' } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it('refuses a mutating command with the guard reason before any network call', async () => {
      // Act
      const answer = await query(accountId(1), {
        tool_name: 'aws___call_aws',
        arguments: { cli_command: 'aws ec2 terminate-instances --instance-ids i-1' },
      });
      // Assess
      expect(answer).toEqual({
        error: {
          code: 'refused',
          message: expect.stringContaining('"ec2 terminate-instances" is refused: only read-only operations'),
        },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it('refuses a secret read in a script before any network call', async () => {
      // Act
      const answer = await query(accountId(1), {
        arguments: { code: "call_boto3(service_name='secretsmanager', operation_name='get_secret_value')" },
      });
      // Assess
      expect(answer).toMatchObject({
        error: { code: 'refused', message: expect.stringContaining('secret value') },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it('refuses a malformed requested_by before STS', async () => {
      // Act
      const answer = await query(accountId(1), { requested_by: 'alice; drop' });
      // Assess
      expect(answer).toMatchObject({ error: { code: 'invalid_input' } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
    });

    it('redacts access keys and secret keys from the result', async () => {
      // Prepare
      const secretsInData = bridge.sandbox
        .dataset(accountId(2))
        .byRegion['us-east-1']!.functions.find((fn) => fn.FunctionName === PLANTED_SECRET_FUNCTION);
      expect(secretsInData).toBeDefined();
      // Act
      const answer = (await query(accountId(2), {
        arguments: { code: "print(call_boto3(service_name='lambda', operation_name='list_functions'))" },
      })) as Answer;
      // Assess
      expect(answer.ok).toBe(true);
      expect(answer.content).toContain(PLANTED_SECRET_FUNCTION);
      expect(answer.content).toContain('[REDACTED]');
      expect(answer.content).not.toMatch(/AKIA[A-Z0-9]{16}/);
      expect(answer.content).not.toMatch(/aws_secret_access_key=(?!\[REDACTED\])/);
    });

    it('caps an oversized result and says how much was cut', async () => {
      // Prepare
      const small = bridge.coldHandler({ maxResultBytes: 300 });
      // Act
      const answer = (await small(
        {
          account_id: accountId(3),
          tool_name: 'aws___run_script',
          arguments: DESCRIBE_INSTANCES,
          requested_by: ALICE,
        },
        gatewayContext('query'),
      )) as Answer;
      // Assess
      expect(answer.truncatedBytes).toBeGreaterThan(0);
      expect(answer.content).toMatch(new RegExp(`truncated: ${answer.truncatedBytes} bytes omitted$`));
      expect(Buffer.byteLength(answer.content)).toBeLessThan(400);
    });

    it('retries a throttled call and answers', async () => {
      // Prepare
      bridge.sandbox.injectFault(accountId(4), 'throttle', 2);
      // Act
      const answer = (await query(accountId(4))) as Answer;
      // Assess
      expect(answer.ok).toBe(true);
      const statuses = bridge.sandbox.calls.mcp
        .filter((call) => call.method === 'tools/call')
        .map((c) => c.status);
      expect(statuses).toEqual([429, 429, 200]);
    });

    it('retries a 5xx answer and answers', async () => {
      // Prepare
      bridge.sandbox.injectFault(accountId(4), 'server_error', 1);
      // Act
      const answer = (await query(accountId(4))) as Answer;
      // Assess
      expect(answer.ok).toBe(true);
      const statuses = bridge.sandbox.calls.mcp
        .filter((call) => call.method === 'tools/call')
        .map((c) => c.status);
      expect(statuses).toEqual([503, 200]);
    });

    it('returns a tool error, not retried, when the member role is denied', async () => {
      // Prepare
      bridge.sandbox.injectFault(accountId(5), 'access_denied', 1);
      // Act
      const answer = await query(accountId(5));
      // Assess
      expect(answer).toMatchObject({
        error: { code: 'tool_error', message: expect.stringContaining('not authorized') },
      });
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call')).toHaveLength(1);
    });

    it('handles SSE answers like JSON ones', async () => {
      // Prepare
      bridge.sandbox.setResponseMode('sse');
      // Act
      const answer = (await query(accountId(6))) as Answer;
      // Assess
      expect(answer).toMatchObject({ ok: true, accountId: accountId(6) });
      expect(answer.content).toContain('Reservations');
    });

    it('calls STS and initialize once per account over a burst of 100 calls', async () => {
      // Prepare
      const fresh = bridge.coldHandler();
      const targets = Array.from({ length: 100 }, (_, i) => accountId(11 + (i % 5)));
      // Act
      const answers = (await Promise.all(
        targets.map((target) =>
          fresh(
            {
              account_id: target,
              tool_name: 'aws___run_script',
              arguments: DESCRIBE_INSTANCES,
              requested_by: ALICE,
            },
            gatewayContext('query'),
          ),
        ),
      )) as Answer[];
      // Assess
      expect(answers.every((answer) => answer.ok)).toBe(true);
      expect(bridge.sandbox.calls.sts).toHaveLength(5);
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'initialize')).toHaveLength(5);
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call')).toHaveLength(100);
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'GET')).toHaveLength(0);
    });

    it('answers a timeout as a tool error within the account budget', async () => {
      // Prepare
      const quick = bridge.coldHandler({ accountTimeoutMs: 300 });
      bridge.sandbox.injectFault(accountId(8), 'timeout', 1);
      // Act
      const answer = await quick(
        {
          account_id: accountId(8),
          tool_name: 'aws___run_script',
          arguments: DESCRIBE_INSTANCES,
          requested_by: ALICE,
        },
        gatewayContext('query'),
      );
      // Assess
      expect(answer).toMatchObject({ error: { code: 'timeout' } });
    });
  });

  describe('query_accounts', () => {
    it('leaves 49 answers when one account of 50 fails', async () => {
      // Prepare
      bridge.sandbox.injectFault(accountId(17), 'server_error', 10);
      // Act
      const answer = (await bridge.invoke('query_accounts', {
        all: true,
        tool_name: 'aws___run_script',
        arguments: DESCRIBE_INSTANCES,
        requested_by: ALICE,
      })) as FanOutAnswer;
      // Assess
      expect(answer.results).toHaveLength(50);
      expect(answer.results.filter((entry) => entry.ok)).toHaveLength(49);
      expect(answer.results.find((entry) => !entry.ok)).toMatchObject({
        accountId: accountId(17),
        error: { code: 'mcp_error' },
      });
      expect(answer.summary).toMatchObject({ accounts: 50, ok: 49, failed: 1, refused: 0 });
    });

    it('returns results in registry order: environment, then name', async () => {
      // Act
      const answer = (await bridge.invoke('query_accounts', {
        account_ids: [accountId(4), accountId(1), accountId(3), accountId(2)],
        tool_name: 'aws___run_script',
        arguments: DESCRIBE_INSTANCES,
        requested_by: ALICE,
      })) as FanOutAnswer;
      // Assess: odd-numbered accounts are dev, even ones prod.
      expect(answer.results.map((entry) => entry.accountId)).toEqual([
        accountId(1),
        accountId(3),
        accountId(2),
        accountId(4),
      ]);
    });

    it('refuses unregistered and disabled accounts beside the answers, without STS for them', async () => {
      // Prepare
      const fresh = bridge.coldHandler();
      // Act
      const answer = (await fresh(
        {
          account_ids: [UNREGISTERED, accountId(9), DISABLED],
          tool_name: 'aws___run_script',
          arguments: DESCRIBE_INSTANCES,
          requested_by: ALICE,
        },
        gatewayContext('query_accounts'),
      )) as FanOutAnswer;
      // Assess
      expect(answer.summary).toMatchObject({ accounts: 3, ok: 1, failed: 0, refused: 2 });
      expect(answer.results.map((entry) => [entry.accountId, entry.ok])).toEqual([
        [accountId(9), true],
        [UNREGISTERED, false],
        [DISABLED, false],
      ]);
      expect(bridge.sandbox.calls.sts.map((call) => call.accountId)).toEqual([accountId(9)]);
    });

    it('queries every enabled account of one environment in each requested region', async () => {
      // Act
      const answer = (await bridge.invoke('query_accounts', {
        environment: 'prod',
        regions: ['us-east-1', 'eu-west-1'],
        tool_name: 'aws___run_script',
        arguments: DESCRIBE_INSTANCES,
        requested_by: ALICE,
      })) as FanOutAnswer;
      // Assess
      expect(answer.summary).toMatchObject({ accounts: 25, ok: 25 });
      expect(answer.results).toHaveLength(50);
      expect(answer.results.slice(0, 2).map((entry) => entry.region)).toEqual(['us-east-1', 'eu-west-1']);
    });

    it("answers before the Lambda's remaining time runs out, marking slow accounts as timed out", async () => {
      // Prepare: 1.7 s left, of which the bridge keeps 1.5 s back to answer.
      bridge.sandbox.setLatency(2_000);
      const started = Date.now();
      // Act
      const answer = (await bridge.coldHandler()(
        {
          environment: 'dev',
          tool_name: 'aws___run_script',
          arguments: DESCRIBE_INSTANCES,
          requested_by: ALICE,
        },
        { ...gatewayContext('query_accounts'), getRemainingTimeInMillis: () => 1_700 },
      )) as FanOutAnswer;
      // Assess
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(answer.summary).toMatchObject({ accounts: 25, ok: 0, failed: 25 });
      expect(answer.results.every((entry) => entry.error?.code === 'timeout')).toBe(true);
    });

    it('refuses the whole fan-out when the command is not read-only', async () => {
      // Act
      const answer = await bridge.invoke('query_accounts', {
        all: true,
        tool_name: 'aws___call_aws',
        arguments: { cli_command: 'aws s3 cp s3://b/k -' },
        requested_by: ALICE,
      });
      // Assess
      expect(answer).toMatchObject({ error: { code: 'refused' } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
    });
  });

  describe('list_accounts and list_tools', () => {
    it('lists the enabled accounts only', async () => {
      // Act
      const answer = (await bridge.invoke('list_accounts', { requested_by: ALICE })) as {
        accounts: { id: string }[];
      };
      // Assess
      expect(answer.accounts).toHaveLength(50);
      expect(answer.accounts.map((a) => a.id)).not.toContain(DISABLED);
    });

    it("lists the server's tools from tools/list and caches them", async () => {
      // Act
      const first = (await bridge.invoke('list_tools', { requested_by: ALICE })) as {
        tools: { name: string }[];
      };
      await bridge.invoke('list_tools', { requested_by: ALICE });
      // Assess
      expect(first.tools.map((tool) => tool.name)).toContain('aws___run_script');
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/list')).toHaveLength(1);
    });

    it('answers list_tools from the cache without assuming a role', async () => {
      // Prepare
      await bridge.invoke('list_tools', { requested_by: ALICE });
      bridge.sandbox.resetCalls();
      // Act
      const answer = (await bridge.invoke('list_tools', { requested_by: 'bob@example.com' })) as {
        tools: { name: string }[];
      };
      // Assess
      expect(answer.tools.map((tool) => tool.name)).toContain('aws___run_script');
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });
  });

  describe('Gateway context', () => {
    it('refuses an invocation whose context names no tool', async () => {
      // Act
      const handler = bridge.coldHandler();
      const answer = await handler({ requested_by: ALICE }, { clientContext: { custom: {} } });
      // Assess
      expect(answer).toMatchObject({ error: { code: 'invalid_input' } });
    });

    it('refuses an unknown bridge tool', async () => {
      expect(await bridge.invoke('delete_account', { requested_by: ALICE })).toMatchObject({
        error: { code: 'invalid_input', message: 'unknown tool delete_account' },
      });
    });
  });
});
