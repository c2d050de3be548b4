/**
 * The confirmed bypasses of the former hand-written Python guard, each of which reached call_boto3
 * with a denied operation. Caller code is now refused outright, and the same text sent as a call's
 * params is data: under a real python3 it arrives in call_boto3's params and runs nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScript } from '#bridge/src/render-script.ts';
import { accountId, type BridgeHarness, startBridgeHarness } from '../harness.ts';
import { runScripts } from '../python-sandbox.ts';

const DELETE_ROLE =
  "call_boto3(service_name='iam', operation_name='DeleteRole', params={'RoleName': 'prod'})";

const BYPASSES: readonly (readonly [string, string])[] = [
  [
    'a string annotation evaluated by typing.get_type_hints',
    `import typing\ndef f(x: "${DELETE_ROLE}"): pass\ntyping.get_type_hints(f)`,
  ],
  [
    "a '#' inside an f-string replacement field (Python 3.12+)",
    `x = f"{1 # }\n+ ${DELETE_ROLE}.__class__.__name__.__len__()}"`,
  ],
  ['a t-string template (Python 3.14)', `x = t"{${DELETE_ROLE}}"`],
  [
    'escape sequences the old check decoded differently from Python',
    `getattr(__builtins__, "\\x5f\\x5fimport\\x5f\\x5f")("os").system("id")`,
  ],
];

describe('former run_script guard bypasses', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 1 });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  it.each(BYPASSES.map(([name, code]) => [name, code]))(
    'refuses %s as caller code, before any network call',
    async (_name, code) => {
      // Prepare
      bridge.sandbox.resetCalls();
      // Act
      const answer = await bridge.invoke('query', {
        account_id: accountId(1),
        tool_name: 'aws___run_script',
        arguments: { code },
        requested_by: 'mallory',
      });
      // Assess
      expect(answer).toEqual({ error: { code: 'refused', message: expect.stringContaining('send calls') } });
      expect(bridge.sandbox.calls.sts).toHaveLength(0);
      expect(bridge.sandbox.calls.mcp).toHaveLength(0);
    },
  );

  it('runs each bypass sent as params as data: call_boto3 receives it verbatim, and nothing else runs', async () => {
    // Prepare
    const scripts = BYPASSES.map(([, code]) =>
      renderScript(
        [
          {
            service: 'ec2',
            operation: 'DescribeInstances',
            params: { Filters: [{ Name: 'tag:Note', Values: [code] }] },
            pages: 1,
          },
        ],
        'us-east-1',
      ),
    );

    // Act
    const runs = await runScripts(scripts);

    // Assess
    runs.forEach((run, index) => {
      expect(run.error).toBeUndefined();
      expect(run.received).toEqual([
        {
          service: 'ec2',
          operation: 'DescribeInstances',
          region: 'us-east-1',
          params: { Filters: [{ Name: 'tag:Note', Values: [BYPASSES[index]![1]] }] },
        },
      ]);
    });
  });

  it.each(BYPASSES.map(([name, code]) => [name, code]))(
    'refuses %s as a service or operation name',
    async (_name, code) => {
      // Act
      const asService = await bridge.invoke('query', {
        account_id: accountId(1),
        calls: [{ service: code, operation: 'DescribeInstances' }],
        requested_by: 'mallory',
      });
      const asOperation = await bridge.invoke('query', {
        account_id: accountId(1),
        calls: [{ service: 'ec2', operation: code }],
        requested_by: 'mallory',
      });
      // Assess
      expect(asService).toMatchObject({ error: { code: 'invalid_input' } });
      expect(asOperation).toMatchObject({ error: { code: 'invalid_input' } });
    },
  );
});
