/** A server that offers call_aws but no run_script (a self-hosted AWS API MCP server): the bridge writes CLI commands. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountId, type BridgeHarness, startBridgeHarness } from './harness.ts';

interface Answer {
  readonly ok: boolean;
  readonly content: string;
}

describe('bridge on a server without run_script', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({
      accountCount: 2,
      tools: ['aws___call_aws', 'aws___search_documentation', 'aws___list_regions'],
    });
  });
  afterAll(async () => {
    await bridge.stop();
  });
  beforeEach(() => {
    bridge.sandbox.resetCalls();
  });

  it('writes each call as an AWS CLI command and reads the answer', async () => {
    // Act
    const answer = (await bridge.invoke('query', {
      account_id: accountId(1),
      region: 'us-east-1',
      calls: [
        {
          service: 'ec2',
          operation: 'DescribeInstances',
          params: { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] },
        },
      ],
      requested_by: 'alice',
    })) as Answer;
    // Assess
    expect(answer.ok).toBe(true);
    const body = JSON.parse(answer.content) as { cli_command: string; response: { json: string } };
    expect(body.cli_command).toBe(
      `aws ec2 describe-instances --region us-east-1 --no-paginate --filters '[{"Name":"instance-state-name","Values":["running"]}]'`,
    );
    const instances = (JSON.parse(body.response.json) as { Reservations: { Instances: unknown[] }[] })
      .Reservations;
    expect(instances.length).toBeGreaterThan(0);
    expect(bridge.sandbox.calls.mcp.filter((call) => call.toolName === 'aws___call_aws')).toHaveLength(1);
  });

  it.each([
    [
      'a parameter that becomes a dangerous global option',
      { EndpointUrl: 'https://attacker.example' },
      'sends the call elsewhere',
    ],
    ['a value the CLI would take for an option', { InstanceIds: '--profile' }, 'switches credentials'],
    ['a value with shell syntax', { Filters: [{ Name: 'tag:x', Values: ['$(id)'] }] }, 'dollar sign'],
    ['a value that reads a local file', { UserData: 'file:///etc/passwd' }, 'file://'],
  ])('refuses %s before STS, as the CLI guard reads the command', async (_case, params, reason) => {
    // Act
    const answer = await bridge.invoke('query', {
      account_id: accountId(1),
      calls: [{ service: 'ec2', operation: 'DescribeInstances', params }],
      requested_by: 'alice',
    });
    // Assess
    expect(answer).toEqual({
      error: { code: 'refused', message: expect.stringContaining(reason) },
    });
    expect(bridge.sandbox.calls.sts).toHaveLength(0);
    expect(bridge.sandbox.calls.mcp.filter((call) => call.method === 'tools/call')).toHaveLength(0);
  });
});
