import {
  AccessDeniedException,
  type Account,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { generatedOrganization, SAMPLE_ORGANIZATION } from '#local/sandbox-aws/sample-organization.ts';
import { assumeRole, stsClient } from './test-helpers.ts';

function organizationsClient(
  sandbox: SandboxAws,
  credentials: AwsCredentialIdentity,
  options: { maxAttempts?: number; region?: string } = {},
): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: sandbox.env.AWS_ENDPOINT_URL_ORGANIZATIONS,
    region: options.region ?? 'us-east-1',
    credentials,
    maxAttempts: options.maxAttempts ?? 1,
  });
}

/** Credentials of the organization-read role in the management account, as the sync gets them. */
async function readerCredentials(sandbox: SandboxAws): Promise<AwsCredentialIdentity> {
  const { Credentials } = await stsClient(sandbox).send(
    new AssumeRoleCommand({ RoleArn: sandbox.organizationReadRoleArn, RoleSessionName: 'org-reader' }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

describe('sandbox Organizations: the sample organization', () => {
  let sandbox: SandboxAws;
  let client: OrganizationsClient;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [], organization: SAMPLE_ORGANIZATION });
    client = organizationsClient(sandbox, await readerCredentials(sandbox));
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.stop();
  });

  it('walks the nested OUs from the root with the SDK, each account answered with State', async () => {
    // Prepare
    const { Roots } = await client.send(new ListRootsCommand({}));
    const rootId = Roots![0]!.Id!;

    // Act
    const { OrganizationalUnits: top } = await client.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }),
    );
    const workloads = top!.find((ou) => ou.Name === 'Workloads')!;
    const { OrganizationalUnits: stages } = await client.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: workloads.Id }),
    );
    const prod = stages!.find((ou) => ou.Name === 'Prod')!;
    const accounts = [];
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: prod.Id }))
      accounts.push(...(page.Accounts ?? []));

    // Assess
    expect(rootId).toMatch(/^r-[0-9a-z]{4,32}$/);
    expect(top!.map((ou) => ou.Name).sort()).toEqual([
      'Infrastructure',
      'Sandbox',
      'Security',
      'Suspended',
      'Workloads',
    ]);
    expect(prod.Id).toMatch(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    expect(prod.Arn).toBe(`arn:aws:organizations::900000000000:ou/${sandbox.organization!.id}/${prod.Id}`);
    expect(accounts.map((a) => [a.Id, a.Name, a.State])).toEqual([
      ['111111111111', 'Payments Prod', 'ACTIVE'],
      ['111111111112', 'Search Prod', 'ACTIVE'],
      ['121212121212', 'Data Platform Prod', 'ACTIVE'],
      ['777777777777', 'Analytics (old)', 'SUSPENDED'],
      ['888888888888', 'Legacy Billing', 'CLOSED'],
    ]);
    expect(accounts[0]).not.toHaveProperty('Status');
    expect(accounts[0]!.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('answers ListParents, DescribeOrganizationalUnit, ListTagsForResource and DescribeOrganization', async () => {
    // Act
    const { Parents } = await client.send(new ListParentsCommand({ ChildId: '222222222222' }));
    const { OrganizationalUnit } = await client.send(
      new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: Parents![0]!.Id }),
    );
    const { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceId: '666666666666' }));
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));

    // Assess
    expect(Parents).toEqual([{ Id: expect.stringMatching(/^ou-/), Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(OrganizationalUnit?.Name).toBe('Staging');
    expect(Tags).toEqual([
      { Key: 'owner', Value: 'alice' },
      { Key: 'environment', Value: 'dev' },
    ]);
    expect(Organization).toMatchObject({ Id: sandbox.organization!.id, MasterAccountId: '900000000000' });
  });

  it('refuses MaxResults above 20 with InvalidInputException MAX_VALUE_EXCEEDED', async () => {
    // Act
    const error = await client.send(new ListAccountsCommand({ MaxResults: 21 })).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error).toMatchObject({ Reason: 'MAX_VALUE_EXCEEDED', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses a NextToken issued by another listing with InvalidInputException INVALID_PAGINATION_TOKEN', async () => {
    // Prepare
    const { NextToken } = await client.send(new ListAccountsCommand({ MaxResults: 2 }));
    const { Roots } = await client.send(new ListRootsCommand({}));

    // Act
    const error = await client
      .send(new ListAccountsForParentCommand({ ParentId: Roots![0]!.Id, NextToken }))
      .catch((e: unknown) => e);

    // Assess
    expect(NextToken).toEqual(expect.any(String));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error).toMatchObject({ Reason: 'INVALID_PAGINATION_TOKEN' });
  });

  it('refuses a member account’s own session with AccessDeniedException', async () => {
    // Prepare: the member target role's session, not the organization-read role's
    const member = organizationsClient(sandbox, await assumeRole(sandbox, '111111111111'));

    // Act
    const error = await member.send(new ListAccountsCommand({})).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(sandbox.calls.organizations.at(-1)).toEqual({
      operation: 'ListAccounts',
      accountId: '111111111111',
      status: 400,
      errorCode: 'AccessDeniedException',
    });
  });

  it('refuses an account outside the organization with AWSOrganizationsNotInUseException', async () => {
    // Prepare: the central account's own keys; it is not a member of the sample organization
    const outsider = organizationsClient(sandbox, sandbox.centralCredentials);

    // Act
    const error = await outsider.send(new ListRootsCommand({})).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AWSOrganizationsNotInUseException);
  });

  it.each([
    ['signed with the wrong secret', { secretAccessKey: 'x'.repeat(40) }, 'us-east-1'],
    ['signed for another region than the global endpoint’s', {}, 'eu-west-1'],
  ])('refuses a request %s with InvalidSignatureException', async (_case, override, region) => {
    // Prepare
    const credentials = { ...(await readerCredentials(sandbox)), ...override };

    // Act
    const error = await organizationsClient(sandbox, credentials, { region })
      .send(new ListRootsCommand({}))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('answers TooManyRequestsException when throttled, which the SDK retries', async () => {
    // Prepare
    const credentials = await readerCredentials(sandbox);
    sandbox.injectOrganizationsFault('throttle', 1, 'ListRoots');

    // Act
    const refused = await organizationsClient(sandbox, credentials)
      .send(new ListRootsCommand({}))
      .catch((e: unknown) => e);
    sandbox.injectOrganizationsFault('throttle', 1, 'ListRoots');
    const retried = await organizationsClient(sandbox, credentials, { maxAttempts: 2 }).send(
      new ListRootsCommand({}),
    );

    // Assess
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    expect(retried.Roots).toHaveLength(1);
  });
});

describe('sandbox Organizations: a delegated administrator', () => {
  it('answers its organization-read role and refuses its other roles with AccessDeniedException', async () => {
    // Prepare
    const sandbox = await startSandboxAws({
      accounts: [],
      organization: { ...SAMPLE_ORGANIZATION, delegatedAdministrators: ['444444444444'] },
    });
    try {
      const { Credentials } = await stsClient(sandbox).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::444444444444:role/CentralOpsOrganizationsRead',
          RoleSessionName: 'org-reader',
        }),
      );
      const reader = organizationsClient(sandbox, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      });
      const otherRole = organizationsClient(sandbox, await assumeRole(sandbox, '444444444444'));

      // Act
      const read = await reader.send(new ListRootsCommand({}));
      const refused = await otherRole.send(new ListRootsCommand({})).catch((e: unknown) => e);

      // Assess
      expect(read.Roots).toHaveLength(1);
      expect(refused).toBeInstanceOf(AccessDeniedException);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('sandbox Organizations: pagination and account fields', () => {
  it('pages ListAccounts over 450 accounts 20 at a time, empty pages included, with Status when asked', async () => {
    // Prepare: older answers carry Status beside State; every 4th page comes back empty
    const sandbox = await startSandboxAws({
      accounts: [],
      organization: { ...generatedOrganization(450), accountStatusFields: 'both', emptyPageEvery: 4 },
    });
    try {
      const client = organizationsClient(sandbox, await readerCredentials(sandbox));
      const pages: number[] = [];
      const accounts: Account[] = [];

      // Act
      for await (const page of paginateListAccounts({ client, pageSize: 20 }, {})) {
        pages.push(page.Accounts?.length ?? 0);
        accounts.push(...(page.Accounts ?? []));
      }

      // Assess: 451 accounts (the management account too) in 23 full pages and 7 empty ones
      expect(new Set(accounts.map((account) => account.Id)).size).toBe(451);
      expect(pages.filter((n) => n === 0)).toHaveLength(7);
      expect(pages.filter((n) => n > 0)).toHaveLength(23);
      expect(accounts.find((a) => a.State === 'CLOSED')).toMatchObject({ Status: 'SUSPENDED' });
      expect(accounts.find((a) => a.State === 'ACTIVE')).toMatchObject({ Status: 'ACTIVE' });
    } finally {
      await sandbox.stop();
    }
  });
});

describe('sandbox STS with an organization', () => {
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [], organization: SAMPLE_ORGANIZATION });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it.each([
    ['the StackSet has not reached', '121212121212'],
    ['is suspended', '777777777777'],
    ['is closed', '888888888888'],
  ])('refuses the target role with AccessDenied in an account that %s', async (_case, accountId) => {
    // Act
    const error = await assumeRole(sandbox, accountId).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/`),
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses the target role once it is marked missing, and issues it again once restored', async () => {
    // Act
    const before = await assumeRole(sandbox, '333333333333');
    sandbox.setTargetRoleMissing('333333333333');
    const refused = await assumeRole(sandbox, '333333333333').catch((e: unknown) => e);
    sandbox.setTargetRoleMissing('333333333333', false);
    const after = await assumeRole(sandbox, '333333333333');

    // Assess
    expect(before.accessKeyId).toMatch(/^ASIA/);
    expect(refused).toMatchObject({ name: 'AccessDenied' });
    expect(after.accessKeyId).toMatch(/^ASIA/);
  });

  it('lets the central account assume the organization-read role in the management account only', async () => {
    // Act
    const inMember = await stsClient(sandbox)
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/CentralOpsOrganizationsRead',
          RoleSessionName: 'org-reader',
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(await readerCredentials(sandbox)).toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
    expect(inMember).toMatchObject({ name: 'AccessDenied' });
  });
});
