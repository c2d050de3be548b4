import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanTable } from '#access/scan-table.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import {
  type SandboxAws,
  type SandboxOrganizationOptions,
  startSandboxAws,
} from '#local/sandbox-aws/index.ts';
import {
  GENERATED_ORGANIZATION_RULES,
  generatedOrganization,
  SAMPLE_ORGANIZATION,
} from '#local/sandbox-aws/sample-organization.ts';
import { main } from '#registry-seed/src/cli.ts';
import type { CliIo } from '#registry-seed/src/cli-io.ts';
import { SAMPLE_ORGANIZATION_REGISTRY_DIR } from '#registry-seed/src/index.ts';
import { OrganizationReadError } from '#registry-seed/src/organizations/errors.ts';
import { readOrganization } from '#registry-seed/src/organizations/read-organization.ts';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: process.env,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('seed CLI --from-organizations', () => {
  let db: LocalDynamoDB;
  let aws: SandboxAws;
  let dir: string;

  /** The sandbox with this organization, its endpoints and the central account's keys in the environment. */
  async function start(organization: SandboxOrganizationOptions = SAMPLE_ORGANIZATION) {
    aws = await startSandboxAws({ accounts: [], organization });
    // The sandbox's keys sign everything: dynalite accepts any.
    for (const [name, value] of Object.entries({ ...db.env, ...aws.env })) vi.stubEnv(name, value);
  }

  async function run(...argv: string[]) {
    const io = captureIo();
    const code = await main(['--from-organizations', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  }

  async function accounts() {
    const items = await scanTable(db.documentClient, 'centralops-accounts');
    return Object.fromEntries(items.map((item) => [item.id as string, item]));
  }

  beforeEach(async () => {
    db = await startLocalDynamoDB();
    dir = await mkdtemp(join(tmpdir(), 'registry-org-'));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await aws?.stop();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the diff first and writes nothing on a dry run', async () => {
    // Prepare
    await start();

    // Act
    const { code, out } = await run('--dry-run');

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('Organization o-');
    expect(out).toContain('12 accounts read');
    expect(out).toContain('  - 900000000000 CentralOps Management (/): ignored by ouRules[5] (/)');
    expect(out).toContain('Accounts: 11 added, 0 changed, 0 disabled, 0 removed, 0 unchanged');
    expect(out).toContain('Dry run: nothing written.');
    expect(await accounts()).toEqual({});
  });

  it('writes the organization merged with the YAML, then finds nothing to write on a second run', async () => {
    // Prepare
    await start();

    // Act
    const first = await run();
    const stored = await accounts();
    const second = await run();

    // Assess
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.out).toContain('Wrote 18 item(s)');
    expect(stored['111111111111']).toEqual({
      id: '111111111111',
      name: 'payments-prod',
      aliases: ['prod', 'production'],
      environment: 'prod',
      regions: ['us-east-1', 'us-west-2'],
      enabled: true,
      description: 'Payments platform, production',
      tags: { 'cost-center': '1001', team: 'payments', tier: 'critical' },
    });
    expect(stored['666666666666']).toMatchObject({
      name: 'alices-playground',
      environment: 'dev',
      enabled: true,
    });
    expect(stored['777777777777']).toMatchObject({ name: 'analytics-old', enabled: false });
    expect(stored['888888888888']).toMatchObject({ name: 'legacy-billing', enabled: false });
    expect(first.out).toContain('  + 888888888888 legacy-billing (prod) disabled');
    expect(stored).not.toHaveProperty('900000000000');
    expect(second.out).toContain('Accounts: 0 added, 0 changed, 0 disabled, 0 removed, 11 unchanged');
    expect(second.out).toContain('Nothing to write: the tables already match');
  });

  it('disables, never deletes, an account that closes or leaves the organization; --prune deletes the one that left', async () => {
    // Prepare
    await start();
    await run();
    aws.organization!.setState('222222222222', 'SUSPENDED');
    aws.organization!.removeAccount('444444444445');

    // Act
    const disabled = await run();
    const afterDisable = await accounts();
    const pruned = await run('--prune');
    const afterPrune = await accounts();

    // Assess
    expect(disabled.out).toContain('Accounts: 0 added, 0 changed, 2 disabled, 0 removed, 9 unchanged');
    expect(disabled.out).toContain('  ! 222222222222 payments-staging (staging) disabled');
    expect(disabled.out).toContain('  ! 444444444445 log-archive (security) disabled');
    expect(afterDisable['222222222222']).toMatchObject({ enabled: false });
    expect(afterDisable['444444444445']).toMatchObject({ enabled: false, name: 'log-archive' });
    expect(pruned.out).toContain('  - 444444444445 log-archive (security) removed');
    expect(afterPrune).not.toHaveProperty('444444444445');
    expect(afterPrune['222222222222']).toMatchObject({ enabled: false });
  });

  it('follows an account moved to another OU into the environment its rules give', async () => {
    // Prepare
    await start();
    await run();
    aws.organization!.moveAccount('111111111112', '/Workloads/NonProd/Staging');

    // Act
    const { code, out } = await run();

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('  ~ 111111111112 search-prod (staging) (description, environment, regions)');
    expect((await accounts())['111111111112']).toMatchObject({
      environment: 'staging',
      regions: ['us-east-1'],
      description: 'Search Prod in /Workloads/NonProd/Staging',
    });
  });

  it('writes nothing when a move breaks a channel policy, naming the channel’s file and line', async () => {
    // Prepare: channels.yaml gives the dev channel sandbox-dev as its default account
    await start();
    await run();
    aws.organization!.moveAccount('333333333333', '/Workloads/Prod');

    // Act
    const { code, err } = await run();

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('does not fit the organization, nothing written');
    expect(err).toContain(
      'channels.yaml:15 channels[1].defaultAccount: account sandbox-dev is in environment "prod", which this channel does not allow',
    );
    expect((await accounts())['333333333333']).toMatchObject({ environment: 'dev' });
  });

  it('reports the enabled accounts where AssumeRole of the target role is denied', async () => {
    // Prepare
    await start();
    aws.setTargetRoleMissing('111111111111');

    // Act
    const { code, out } = await run('--check-roles');

    // Assess
    expect(code).toBe(0);
    expect(out).toContain(
      'Target role CentralOpsTargetRole: 9 enabled account(s) checked, missing in 2 (AssumeRole denied):',
    );
    expect(out).toContain('  ! 111111111111 payments-prod (prod)');
    expect(out).toContain('  ! 121212121212 data-platform-prod (prod)');
    const probes = aws.calls.sts.filter((call) => call.roleName === 'CentralOpsTargetRole');
    expect(probes).toHaveLength(9);
    expect(probes.every((call) => call.sourceIdentity === 'centralops-registry-sync')).toBe(true);
    expect(
      probes
        .filter((call) => !call.ok)
        .map((call) => call.accountId)
        .sort(),
    ).toEqual(['111111111111', '121212121212']);
  });

  it('pages through an organization of 450 accounts, empty pages included, and counts its calls by API', async () => {
    // Prepare: 300 of them in one OU (15 pages of ListAccountsForParent), every 3rd page empty
    const organization = generatedOrganization(450);
    await start({
      ...organization,
      accounts: organization.accounts.map((account, i) =>
        i < 300 ? { ...account, ouPath: '/Workloads/Prod/Big' } : account,
      ),
      emptyPageEvery: 3,
    });
    await writeFile(join(dir, 'rules.yaml'), GENERATED_ORGANIZATION_RULES);

    // Act
    const { code, out } = await run('--file', dir);

    // Assess
    const stored = Object.values(await accounts());
    expect(code).toBe(0);
    expect(stored).toHaveLength(450);
    expect(stored.filter((item) => item.enabled === false)).toHaveLength(13);
    expect(
      stored.filter((item) => String(item.description).endsWith(' in /Workloads/Prod/Big')),
    ).toHaveLength(300);
    const served: Record<string, number> = {};
    for (const call of aws.calls.organizations) served[call.operation] = (served[call.operation] ?? 0) + 1;
    expect(out).toContain('451 accounts read');
    expect(out).toContain(`ListTagsForResource ${served.ListTagsForResource}`);
    expect(out).toContain(`ListAccountsForParent ${served.ListAccountsForParent}`);
    expect(served.ListTagsForResource).toBe(451);
  });

  it('rides out Organizations throttling with the SDK’s retries', async () => {
    // Prepare
    await start();
    aws.injectOrganizationsFault('throttle', 2, 'ListAccountsForParent');

    // Act
    const { code, out } = await run();

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('Accounts: 11 added');
    expect(
      aws.calls.organizations.filter((call) => call.errorCode === 'TooManyRequestsException'),
    ).toHaveLength(2);
  });

  it('exits 1 with every problem of rules.yaml as file:line, before any call to AWS', async () => {
    // Prepare
    await start();
    await writeFile(join(dir, 'rules.yaml'), 'organization: {}\ndefaults: { regions: [] }\n');

    // Act
    const { code, err } = await run('--file', dir);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('is invalid, nothing read or written');
    expect(err).toContain('  rules.yaml:1 organization.roleArn: is required');
    expect(err).toContain('  rules.yaml:2 defaults.regions: must list at least one region');
    expect(aws.calls.organizations).toEqual([]);
    expect(aws.calls.sts).toEqual([]);
  });

  it('exits 1 naming the role when the role rules.yaml names cannot be assumed', async () => {
    // Prepare: a role in a member account, which is no delegated administrator
    await start();
    await writeFile(
      join(dir, 'rules.yaml'),
      GENERATED_ORGANIZATION_RULES.replace('900000000000', '111111111111'),
    );

    // Act
    const { code, err } = await run('--file', dir);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain(
      'Sync failed: Could not assume the role rules.yaml names to read the organization (AccessDenied',
    );
    expect(await accounts()).toEqual({});
  });

  it('refuses the plain seed of a registry that follows an organization', async () => {
    // Prepare
    await start();
    const io = captureIo();

    // Act
    const code = await main(['--file', SAMPLE_ORGANIZATION_REGISTRY_DIR], io);

    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain(
      'follows an AWS organization: seed it with npm run seed -- --from-organizations',
    );
    expect(await accounts()).toEqual({});
  });

  it('exits 2 on --rules or --check-roles without --from-organizations', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await main(['--check-roles'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain('--rules and --check-roles go with --from-organizations');
  });
});

describe('Function: readOrganization', () => {
  it('throws OrganizationReadError naming AWSOrganizationsNotInUseException for an account in no organization', async () => {
    // Prepare: the central account's own keys; it belongs to no organization
    const aws = await startSandboxAws({ accounts: [], organization: SAMPLE_ORGANIZATION });
    const client = new OrganizationsClient({
      endpoint: aws.env.AWS_ENDPOINT_URL_ORGANIZATIONS,
      region: 'us-east-1',
      credentials: aws.centralCredentials,
      maxAttempts: 1,
    });
    try {
      // Act
      const error = await readOrganization(client).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(OrganizationReadError);
      expect((error as Error).message).toContain('is in no organization (AWSOrganizationsNotInUseException)');
    } finally {
      client.destroy();
      await aws.stop();
    }
  });
});
