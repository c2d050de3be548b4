import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_SECRET_FUNCTION } from '#local/sandbox-aws/index.ts';
import {
  accountId,
  type BridgeHarness,
  DESCRIBE_INSTANCES,
  type FanOutAnswer,
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
      calls: DESCRIBE_INSTANCES,
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

    it('refuses a mutating operation with the guard reason before any network call', async () => {
      // Act
      const answer = await query(accountId(1), {
        calls: [{ service: 'ec2', operation: 'TerminateInstances', params: { InstanceIds: ['i-1'] } }],
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

    it('refuses a secret read among several calls before any network call, naming the call', async () => {
      // Act
      const answer = await query(accountId(1), {
        calls: [
          ...DESCRIBE_INSTANCES,
          { service: 'secretsmanager', operation: 'GetSecretValue', params: { SecretId: 'x' } },
        ],
      });
      // Assess
      expect(answer).toMatchObject({
        error: { code: 'refused', message: expect.stringMatching(/^calls\[1\]: .*secret value/) },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it.each([
      ['aws___run_script', { code: "call_boto3(service_name='sts', operation_name='GetCallerIdentity')" }],
      ['aws___call_aws', { cli_command: 'aws sts get-caller-identity' }],
    ])(
      'refuses caller-written arguments for %s and says to send calls, before any network call',
      async (tool, args) => {
        // Act
        const answer = await bridge.invoke('query', {
          tool_name: tool,
          arguments: args,
          requested_by: ALICE,
        });
        // Assess
        expect(answer).toEqual({
          error: { code: 'refused', message: expect.stringContaining('send calls') },
        });
        expect(bridge.sandbox.calls.mcp).toHaveLength(0);
      },
    );

    it.each([
      ['code beside calls', { calls: DESCRIBE_INSTANCES, code: 'import os' }, 'query takes no field "code"'],
      [
        'cli_command beside calls',
        { calls: DESCRIBE_INSTANCES, cli_command: 'aws iam create-user' },
        'no field "cli_command"',
      ],
      [
        'an unknown field in a call',
        { calls: [{ service: 'ec2', operation: 'DescribeInstances', code: 'x' }] },
        'calls[0] takes no field "code"',
      ],
      [
        'snake_case operation names',
        { calls: [{ service: 'ec2', operation: 'describe_instances' }] },
        'PascalCase',
      ],
      [
        'a service name with Python in it',
        { calls: [{ service: "ec2'); import os; ('", operation: 'DescribeInstances' }] },
        'botocore service name',
      ],
      [
        'more than 10 calls',
        { calls: Array.from({ length: 11 }, () => DESCRIBE_INSTANCES[0]) },
        '1 to 10 calls',
      ],
      [
        'a parameter name that is not a member name',
        { calls: [{ service: 'ec2', operation: 'DescribeInstances', params: { 'Filters"': [] } }] },
        'model member name',
      ],
    ])('refuses %s as invalid input, before any network call', async (_case, extra, message) => {
      // Act
      const answer = await query(accountId(1), extra);
      // Assess
      expect(answer).toEqual({ error: { code: 'invalid_input', message: expect.stringContaining(message) } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    });

    it('refuses a documentation tool argument the server does not declare', async () => {
      // Act
      const answer = await bridge.invoke('query', {
        tool_name: 'aws___search_documentation',
        arguments: { search_phrase: 'lambda', cli_command: 'aws iam create-user' },
        requested_by: ALICE,
      });
      // Assess
      expect(answer).toEqual({
        error: { code: 'refused', message: expect.stringContaining('takes no argument "cli_command"') },
      });
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call')).toHaveLength(0);
    });

    it("calls a documentation tool with the bridge's own credentials and no account", async () => {
      // Act
      const answer = (await bridge.invoke('query', {
        tool_name: 'aws___search_documentation',
        arguments: { search_phrase: 'lambda errors' },
        requested_by: ALICE,
      })) as Answer;
      // Assess
      expect(answer.ok).toBe(true);
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp.find((call) => call.method === 'tools/call')).toMatchObject({
        accountId: bridge.sandbox.centralAccountId,
        toolName: 'aws___search_documentation',
      });
    });

    it('writes the script itself: the call reaches the server as run_script code in the template', async () => {
      // Act
      const answer = (await query(accountId(7), {
        calls: [
          {
            service: 'ec2',
            operation: 'DescribeInstances',
            params: { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] },
          },
        ],
      })) as Answer;
      // Assess
      expect(answer.ok).toBe(true);
      const returned = JSON.parse(answer.content) as {
        return_value: { Reservations: { Instances: { State: { Name: string } }[] }[] };
      };
      const states = returned.return_value.Reservations.flatMap((r) => r.Instances.map((i) => i.State.Name));
      expect(new Set(states)).toEqual(new Set(['running']));
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
        calls: [{ service: 'lambda', operation: 'ListFunctions' }],
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
          calls: DESCRIBE_INSTANCES,
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
              calls: DESCRIBE_INSTANCES,
              requested_by: ALICE,
            },
            gatewayContext('query'),
          ),
        ),
      )) as Answer[];
      // Assess
      expect(answers.every((answer) => answer.ok)).toBe(true);
      expect(bridge.sandbox.calls.sts).toHaveLength(5);
      const members = bridge.sandbox.calls.mcp.filter(
        (call) => call.accountId !== bridge.sandbox.centralAccountId,
      );
      expect(members.filter((call) => call.method === 'initialize')).toHaveLength(5);
      // The tool set is listed once, by the bridge itself.
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/list')).toHaveLength(1);
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
          calls: DESCRIBE_INSTANCES,
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
        calls: DESCRIBE_INSTANCES,
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
        calls: DESCRIBE_INSTANCES,
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
      // Act
      const answer = await bridge.queryAccounts({
        account_ids: [UNREGISTERED, accountId(9), DISABLED],
        calls: DESCRIBE_INSTANCES,
        requested_by: ALICE,
      });
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
        calls: DESCRIBE_INSTANCES,
        requested_by: ALICE,
      })) as FanOutAnswer;
      // Assess
      expect(answer.summary).toMatchObject({ accounts: 25, ok: 25 });
      expect(answer.results).toHaveLength(50);
      expect(answer.results.slice(0, 2).map((entry) => entry.region)).toEqual(['us-east-1', 'eu-west-1']);
    });

    it("answers before the Lambda's remaining time runs out, marking slow accounts as timed out", async () => {
      // Prepare: 1.7 s left, of which the bridge keeps 1.5 s back to answer; the accounts never answer in time.
      bridge.sandbox.setLatency(60_000);
      const handler = bridge.coldHandler();
      const event = { environment: 'dev', calls: DESCRIBE_INSTANCES, requested_by: ALICE };
      // Act
      const answer = (await handler(event, {
        ...gatewayContext('query_accounts'),
        getRemainingTimeInMillis: () => 1_700,
      })) as FanOutAnswer;
      // Assess
      // The remaining time set every account's budget (≤ 200 ms), not the 20 s per-account timeout.
      expect(answer.summary).toMatchObject({ accounts: 25, ok: 0, failed: 25 });
      for (const entry of answer.results) {
        expect(entry.error?.code).toBe('timeout');
        expect(entry.error?.message).toMatch(
          /^no time left before the deadline$|^no answer within (\d|\d\d|1\d\d|200) ms$/,
        );
      }
      // Once the accounts are quick again, the next question reads them all. It shares the
      // sessions the first one was still opening, so none is left opening after this test.
      bridge.sandbox.clearFaults();
      const again = (await handler(event, gatewayContext('query_accounts'))) as FanOutAnswer;
      expect(again.summary).toMatchObject({ accounts: 25, ok: 25, failed: 0 });
    });

    it('refuses the whole fan-out when a call is not read-only', async () => {
      // Act
      const answer = await bridge.invoke('query_accounts', {
        all: true,
        calls: [{ service: 's3', operation: 'GetObject', params: { Bucket: 'b', Key: 'k' } }],
        requested_by: ALICE,
      });
      // Assess
      expect(answer).toMatchObject({ error: { code: 'refused' } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
    });
  });

  describe('query_each', () => {
    const LIST_FUNCTIONS = [{ service: 'lambda', operation: 'ListFunctions', params: {} }];
    const each = (requests: unknown[]) => bridge.invoke('query_each', { requests, requested_by: ALICE });

    it('asks each account in its own region its own calls, one entry per request', async () => {
      // Act
      const answer = (await each([
        { account_id: accountId(3), region: 'us-west-2', calls: DESCRIBE_INSTANCES },
        { account_id: accountId(4), region: 'eu-west-1', calls: LIST_FUNCTIONS },
        { account_id: accountId(3), region: 'us-east-1', calls: LIST_FUNCTIONS },
      ])) as FanOutAnswer;
      // Assess
      const byPlace = new Map(answer.results.map((entry) => [`${entry.accountId} ${entry.region}`, entry]));
      expect([...byPlace.keys()].sort()).toEqual(
        [`${accountId(3)} us-west-2`, `${accountId(4)} eu-west-1`, `${accountId(3)} us-east-1`].sort(),
      );
      expect(byPlace.get(`${accountId(3)} us-west-2`)?.content).toContain('Reservations');
      expect(byPlace.get(`${accountId(4)} eu-west-1`)?.content).toContain('Functions');
      expect(byPlace.get(`${accountId(3)} us-east-1`)?.content).toContain('Functions');
      const toolCalls = bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call');
      expect(toolCalls.map((call) => `${call.accountId} ${call.region}`).sort()).toEqual(
        [...byPlace.keys()].sort(),
      );
      expect(answer.summary).toMatchObject({ accounts: 2, ok: 2, failed: 0, refused: 0 });
    });

    it('refuses the whole call when one request’s calls are not read-only, before STS or the MCP server', async () => {
      // Act
      const answer = await each([
        { account_id: accountId(3), region: 'us-east-1', calls: DESCRIBE_INSTANCES },
        {
          account_id: accountId(4),
          region: 'us-east-1',
          calls: [{ service: 'ec2', operation: 'TerminateInstances', params: { InstanceIds: ['i-1'] } }],
        },
      ]);
      // Assess
      expect(answer).toMatchObject({
        error: { code: 'refused', message: expect.stringContaining('terminate-instances') },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call')).toHaveLength(0);
    });

    it('refuses unregistered and disabled accounts beside the answers, without STS for them', async () => {
      // Act
      const answer = (await each([
        { account_id: UNREGISTERED, region: 'us-east-1', calls: DESCRIBE_INSTANCES },
        { account_id: accountId(9), region: 'us-east-1', calls: DESCRIBE_INSTANCES },
        { account_id: DISABLED, region: 'eu-west-1', calls: LIST_FUNCTIONS },
      ])) as FanOutAnswer;
      // Assess
      expect(answer.summary).toMatchObject({ accounts: 3, ok: 1, failed: 0, refused: 2 });
      expect(answer.results.map((entry) => [entry.accountId, entry.region, entry.ok])).toEqual([
        [accountId(9), 'us-east-1', true],
        [UNREGISTERED, 'us-east-1', false],
        [DISABLED, 'eu-west-1', false],
      ]);
      // Account 9's credentials may be cached from before; the refused ones are never assumed.
      for (const call of bridge.sandbox.calls.sts) expect(call.accountId).toBe(accountId(9));
    });

    it.each([
      [
        'the same account and region twice',
        [0, 0],
        /requests\[1\] repeats account 100000000003 in us-east-1/,
      ],
      ['a field a request does not have', [0], /requests\[0\] takes no field "role_arn"/],
      ['an account id that is not one', [0], /requests\[0\]\.account_id must be a 12-digit account id/],
      ['no requests', [], /requests must be a list of 1 to 1000 requests/],
    ])('refuses %s, asking nothing', async (what, indexes, problem) => {
      // Prepare
      const request = { account_id: accountId(3), region: 'us-east-1', calls: DESCRIBE_INSTANCES };
      const requests = indexes.map(() =>
        what.startsWith('a field')
          ? { ...request, role_arn: 'arn:aws:iam::999999999999:role/admin' }
          : what.startsWith('an account')
            ? { ...request, account_id: '../etc' }
            : request,
      );
      // Act
      const answer = await each(requests);
      // Assess
      expect(answer).toMatchObject({
        error: { code: 'invalid_input', message: expect.stringMatching(problem) },
      });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
    });

    it('refuses more than 1,000 requests', async () => {
      // Act
      const answer = await each(
        Array.from({ length: 1001 }, (_, i) => ({
          account_id: String(200_000_000_000 + i),
          region: 'us-east-1',
          calls: DESCRIBE_INSTANCES,
        })),
      );
      // Assess
      expect(answer).toMatchObject({ error: { code: 'invalid_input', message: /at most|1 to 1000/ } });
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
      // Prepare
      const fresh = bridge.coldHandler();
      // Act
      const first = (await fresh({ requested_by: ALICE }, gatewayContext('list_tools'))) as {
        tools: { name: string }[];
      };
      await fresh({ requested_by: 'bob@example.com' }, gatewayContext('list_tools'));
      // Assess
      expect(first.tools.map((tool) => tool.name)).toContain('aws___run_script');
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/list')).toHaveLength(1);
    });

    it("lists the tools with the bridge's own credentials, never a member account's", async () => {
      // Prepare: a cold bridge, so tools/list is really asked
      const fresh = bridge.coldHandler();
      // Act
      const answer = (await fresh({ requested_by: 'bob@example.com' }, gatewayContext('list_tools'))) as {
        tools: { name: string }[];
      };
      // Assess
      expect(answer.tools.map((tool) => tool.name)).toContain('aws___run_script');
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/list')).toEqual([
        expect.objectContaining({ accountId: bridge.sandbox.centralAccountId, status: 200 }),
      ]);
      expect(bridge.sandbox.calls.mcp.every((call) => call.sourceIdentity === undefined)).toBe(true);
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
