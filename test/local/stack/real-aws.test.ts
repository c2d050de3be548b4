import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { type LocalStack, startLocalStack } from '#local/stack/stack.ts';
import { askSlashCommand } from './slash-command.ts';

const CHANNEL = 'C0INCIDENT';

/**
 * `npm start --aws real`: the bridge takes STS, the AWS MCP Server and its credentials from the
 * environment through the SDK's default chain, as it would with an operator's AWS profile. Here that
 * environment points at a sandbox started apart from the stack, standing in for AWS.
 */
describe('local stack with real AWS settings', () => {
  let aws: SandboxAws;
  let stack: LocalStack;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    aws = await startSandboxAws({
      accounts: [{ id: '111111111111', name: 'payments-prod', regions: ['us-east-1'] }],
    });
    Object.assign(process.env, aws.env);
    stack = await startLocalStack({ realAwsEnv: process.env });
  });
  afterAll(async () => {
    await stack?.stop();
    await aws.stop();
    process.env = savedEnv;
  });

  it('starts no sandbox of its own and names the endpoint it uses', () => {
    // Assess
    expect(stack.sandbox).toBeUndefined();
    expect(stack.components).toContainEqual(
      expect.objectContaining({ name: 'AWS (real STS + AWS MCP Server)', url: aws.mcpEndpoint }),
    );
  });

  it('answers /ops through STS and the MCP server the environment names, as the asking user', async () => {
    // Act
    const { ack, answer } = await askSlashCommand(stack, 'prod s3', { user: 'U0ALICE', channel: CHANNEL });

    // Assess
    expect(ack.status).toBe(200);
    expect(aws.calls.sts.map((call) => [call.action, call.sourceIdentity])).toContainEqual([
      'AssumeRole',
      'alice',
    ]);
    expect(aws.calls.mcp.some((call) => call.method === 'tools/call')).toBe(true);
    expect(answer).toContain('payments-prod');
  });
});
