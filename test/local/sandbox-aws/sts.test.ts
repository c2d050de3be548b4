import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { assumeRole, ROLE_NAME, stsClient } from './test-helpers.ts';

const PROD = '111111111111';
const roleArn = (account: string, role = ROLE_NAME): string => `arn:aws:iam::${account}:role/${role}`;

describe('sandbox STS AssumeRole', () => {
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: PROD, name: 'payments-prod' }] });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('issues temporary credentials the STS client parses, honouring DurationSeconds and SourceIdentity', async () => {
    // Prepare
    sandbox.resetCalls();
    const before = Date.now();

    // Act
    const out = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: roleArn(PROD),
        RoleSessionName: 'centralops-alice',
        SourceIdentity: 'alice',
        DurationSeconds: 900,
      }),
    );

    // Assess
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiresIn = out.Credentials!.Expiration!.getTime() - before;
    expect(expiresIn).toBeGreaterThan(895_000);
    expect(expiresIn).toBeLessThanOrEqual(901_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ROLE_NAME}/centralops-alice`);
    expect(out.SourceIdentity).toBe('alice');
    expect(sandbox.calls.sts).toEqual([
      expect.objectContaining({
        action: 'AssumeRole',
        accountId: PROD,
        roleName: ROLE_NAME,
        roleSessionName: 'centralops-alice',
        sourceIdentity: 'alice',
        durationSeconds: 900,
        ok: true,
      }),
    ]);
  });

  it('answers GetCallerIdentity for the assumed role with the issued credentials', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);

    // Act
    const identity = await stsClient(sandbox, credentials).send(new GetCallerIdentityCommand({}));

    // Assess
    expect(identity.Account).toBe(PROD);
    expect(identity.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ROLE_NAME}/centralops-alice`);
  });

  it.each([
    ['an account the sandbox does not hold', roleArn('123456789012')],
    ['a role other than the target role', roleArn(PROD, 'AdministratorAccess')],
  ])('refuses with AccessDenied XML when the RoleArn names %s', async (_case, arn) => {
    // Prepare
    sandbox.resetCalls();

    // Act
    const error = await stsClient(sandbox)
      .send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'centralops-alice' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'AccessDenied',
      Code: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect((error as Error).message).toContain(
      `is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
    expect(sandbox.calls.sts).toEqual([expect.objectContaining({ ok: false, errorCode: 'AccessDenied' })]);
  });

  it('refuses with SignatureDoesNotMatch when the request is signed with the wrong secret', async () => {
    // Prepare
    const client = stsClient(sandbox, {
      ...sandbox.centralCredentials,
      secretAccessKey: 'wrong'.padEnd(40, 'x'),
    });

    // Act
    const error = await client
      .send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: 'centralops-alice' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses with InvalidClientTokenId when the access key is unknown', async () => {
    // Prepare
    const client = stsClient(sandbox, {
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
      secretAccessKey: 'x'.repeat(40),
    });

    // Act
    const error = await client
      .send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: 'centralops-alice' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses role chaining: assumed-role credentials cannot assume the target role', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);

    // Act
    const error = await stsClient(sandbox, credentials)
      .send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: 'chained' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'AccessDenied' });
  });

  it.each([
    ['DurationSeconds below 900', { DurationSeconds: 600 }, "at 'durationSeconds'"],
    ['DurationSeconds beyond the role maximum', { DurationSeconds: 7200 }, 'exceeds the MaxSessionDuration'],
    ['a RoleSessionName with a space', { RoleSessionName: 'alice smith' }, "at 'roleSessionName'"],
    ['a one-character RoleSessionName', { RoleSessionName: 'a' }, "at 'roleSessionName'"],
    ['a SourceIdentity with a slash', { SourceIdentity: 'alice/admin' }, "at 'sourceIdentity'"],
  ])('refuses with ValidationError when given %s', async (_case, input, message) => {
    // Act
    const error = await stsClient(sandbox)
      .send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: 'centralops-alice', ...input }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain(message);
  });
});

describe('sandbox STS AssumeRole with an ExternalId', () => {
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: PROD }], externalId: 'centralops-ext-1' });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'someone-else'],
  ])('refuses with AccessDenied when the ExternalId is %s', async (_case, externalId) => {
    // Act
    const error = await stsClient(sandbox)
      .send(
        new AssumeRoleCommand({
          RoleArn: roleArn(PROD),
          RoleSessionName: 'centralops-alice',
          ExternalId: externalId,
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('issues credentials when the ExternalId matches', async () => {
    // Act
    const out = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: roleArn(PROD),
        RoleSessionName: 'centralops-alice',
        ExternalId: 'centralops-ext-1',
      }),
    );

    // Assess
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(sandbox.calls.sts.at(-1)).toMatchObject({ externalId: 'centralops-ext-1', ok: true });
  });
});

describe('sandbox STS throttling', () => {
  const DEV = '333333333333';
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: PROD }, { id: DEV }] });
  });
  afterEach(() => {
    sandbox.clearFaults();
    sandbox.resetCalls();
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const assume = (account: string) =>
    stsClient(sandbox)
      .send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'centralops-alice' }))
      .catch((e: unknown) => e);

  it.each(['Throttling', 'RequestLimitExceeded'] as const)(
    'answers the next AssumeRole calls into that account only with %s, then recovers',
    async (code) => {
      // Prepare
      sandbox.injectStsFault(PROD, code, 2);

      // Act
      const first = await assume(PROD);
      const other = await assume(DEV);
      const second = await assume(PROD);
      const third = await assume(PROD);

      // Assess
      for (const error of [first, second]) {
        expect(error).toMatchObject({
          name: code,
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 400 },
        });
      }
      expect(other).toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) } });
      expect(third).toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) } });
      expect(sandbox.calls.sts.map((call) => [call.accountId, call.errorCode ?? 'ok'])).toEqual([
        [PROD, code],
        [DEV, 'ok'],
        [PROD, code],
        [PROD, 'ok'],
      ]);
    },
  );

  it.each(['Throttling', 'RequestLimitExceeded'] as const)(
    'is retried by the SDK as a throttle when it answers %s',
    async (code) => {
      // Prepare: the SDK's standard retry strategy, 3 attempts.
      sandbox.injectStsFault(PROD, code, 2);
      const client = new STSClient({
        endpoint: sandbox.stsEndpoint,
        region: 'us-east-1',
        credentials: sandbox.centralCredentials,
        maxAttempts: 3,
      });

      // Act
      const out = await client.send(
        new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: 'centralops-alice' }),
      );

      // Assess
      expect(out.$metadata.attempts).toBe(3);
      expect(sandbox.calls.sts.map((call) => call.errorCode ?? 'ok')).toEqual([code, code, 'ok']);
    },
  );

  it('throttles AssumeRole calls beyond its rate limit, whatever the account', async () => {
    // Prepare: one call per 100 s, so the second call finds the bucket empty however slow the machine.
    sandbox.setStsRateLimit(0.01);

    // Act
    const first = await assume(PROD);
    const second = await assume(DEV);
    sandbox.setStsRateLimit(undefined);
    const lifted = await assume(DEV);

    // Assess
    expect(first).toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) } });
    expect(second).toMatchObject({ name: 'Throttling', message: 'Rate exceeded' });
    expect(lifted).toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) } });
  });
});
