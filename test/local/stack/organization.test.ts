import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ORGANIZATION } from '#local/sandbox-aws/sample-organization.ts';
import { type LocalStack, startLocalStack } from '#local/stack/stack.ts';
import { askSlashCommand } from './slash-command.ts';

const CHANNEL = 'C0INCIDENT';

/** `npm start -- --organizations`: the registry comes from the sandbox's sample organization. */
describe('local stack seeded from the sandbox organization', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ organization: SAMPLE_ORGANIZATION });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('seeds the accounts the organization and the rules give, and reports the missing member role', () => {
    // Assess
    expect(stack.organizationSync?.seed.accounts.added).toHaveLength(11);
    expect(stack.registry.accounts.find((account) => account.id === '666666666666')).toMatchObject({
      name: 'alices-playground',
      environment: 'dev',
    });
    expect(stack.organizationSync?.roles?.missing.map((account) => account.name)).toEqual([
      'data-platform-prod',
    ]);
    expect(stack.components.map((component) => component.name)).toContain(
      'Sandbox AWS (STS, Organizations + AWS MCP Server)',
    );
  });

  it('answers /ops prod across the organization’s prod accounts, the one without the role reported beside the others', async () => {
    // Act
    const { ack, answer } = await askSlashCommand(stack, 'prod s3', { user: 'U0ALICE', channel: CHANNEL });

    // Assess: suspended and closed prod accounts are disabled, so never asked
    expect(ack.status).toBe(200);
    expect(answer).toContain('payments-prod');
    expect(answer).toContain('search-prod');
    expect(answer).toMatch(
      /data-platform-prod[^\n]*\n⚠️ [^\n]*cannot assume [^\n]*CentralOpsTargetRole: AccessDenied/,
    );
    expect(answer).not.toContain('analytics-old');
    expect(answer).not.toContain('legacy-billing');
  });
});
