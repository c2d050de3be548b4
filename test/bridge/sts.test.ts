import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssumeRoleError, InvalidInputError, ThrottledError } from '#bridge/src/errors.ts';
import {
  CredentialCache,
  type CredentialCacheOptions,
  createStsClient,
  roleSessionName,
} from '#bridge/src/sts.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';

const ACCOUNTS = ['210000000001', '210000000002', '210000000003', '210000000004', '210000000005'];
const EXTERNAL_ID = 'centralops-test-external-id';

describe('CredentialCache', () => {
  let sandbox: SandboxAws;
  let sts: STSClient;

  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: ACCOUNTS.map((id) => ({ id })), externalId: EXTERNAL_ID });
    sts = new STSClient({
      region: 'us-east-1',
      endpoint: sandbox.stsEndpoint,
      credentials: sandbox.centralCredentials,
    });
  });
  afterAll(async () => {
    sts.destroy();
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.resetCalls();
    sandbox.clearFaults();
  });

  const cache = (options: Partial<CredentialCacheOptions> = {}): CredentialCache =>
    new CredentialCache({
      client: sts,
      roleName: 'CentralOpsTargetRole',
      externalId: EXTERNAL_ID,
      ...options,
    });

  it('assumes the target role with SourceIdentity, a CentralOps session name and the ExternalId', async () => {
    // Act
    const credentials = await cache().get(ACCOUNTS[0]!, 'alice@example.com');
    // Assess
    expect(credentials.accountId).toBe(ACCOUNTS[0]);
    expect(credentials.sessionToken).toBeTruthy();
    expect(sandbox.calls.sts).toEqual([
      expect.objectContaining({
        accountId: ACCOUNTS[0],
        roleName: 'CentralOpsTargetRole',
        roleSessionName: 'CentralOps-alice@example.com',
        sourceIdentity: 'alice@example.com',
        externalId: EXTERNAL_ID,
        ok: true,
      }),
    ]);
  });

  it('calls STS once per account over a burst of 100 concurrent requests', async () => {
    // Prepare
    const credentials = cache();
    // Act
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => credentials.get(ACCOUNTS[i % ACCOUNTS.length]!, 'alice')),
    );
    // Assess
    expect(results).toHaveLength(100);
    expect(sandbox.calls.sts).toHaveLength(ACCOUNTS.length);
    expect(new Set(sandbox.calls.sts.map((call) => call.accountId))).toEqual(new Set(ACCOUNTS));
  });

  it('keeps separate sessions per user so CloudTrail names the right human', async () => {
    // Prepare
    const credentials = cache();
    // Act
    const [alice, bob] = await Promise.all([
      credentials.get(ACCOUNTS[0]!, 'alice'),
      credentials.get(ACCOUNTS[0]!, 'bob'),
    ]);
    // Assess
    expect(alice.accessKeyId).not.toBe(bob.accessKeyId);
    expect(sandbox.calls.sts.map((call) => call.sourceIdentity).sort()).toEqual(['alice', 'bob']);
  });

  it('renews credentials within 5 minutes of expiry', async () => {
    // Prepare
    let now = Date.now();
    const credentials = cache({ now: () => now });
    const first = await credentials.get(ACCOUNTS[1]!, 'alice');
    // Act
    now = first.expiration.getTime() - 6 * 60_000;
    await credentials.get(ACCOUNTS[1]!, 'alice');
    const callsBeforeWindow = sandbox.calls.sts.length;
    now = first.expiration.getTime() - 4 * 60_000;
    await credentials.get(ACCOUNTS[1]!, 'alice');
    // Assess
    expect(callsBeforeWindow).toBe(1);
    expect(sandbox.calls.sts).toHaveLength(2);
  });

  it('does not cache a failed AssumeRole', async () => {
    // Prepare
    const credentials = cache({ externalId: 'wrong-external-id' });
    // Act
    const attempts = await Promise.allSettled([
      credentials.get(ACCOUNTS[2]!, 'alice'),
      credentials.get(ACCOUNTS[2]!, 'alice'),
    ]);
    const later = await credentials.get(ACCOUNTS[2]!, 'alice').catch((error: unknown) => error);
    // Assess
    expect(attempts.every((attempt) => attempt.status === 'rejected')).toBe(true);
    expect(later).toBeInstanceOf(AssumeRoleError);
    expect(sandbox.calls.sts.map((call) => call.ok)).toEqual([false, false]);
  });

  describe('when STS throttles', () => {
    const throttledCache = (maxAttempts: number): CredentialCache =>
      cache({
        client: createStsClient({
          region: 'us-east-1',
          endpoint: sandbox.stsEndpoint,
          credentials: sandbox.centralCredentials,
          maxAttempts,
        }),
      });

    it.each(['Throttling', 'RequestLimitExceeded'] as const)(
      'backs off and retries AssumeRole answered %s until it succeeds',
      async (code) => {
        // Prepare
        sandbox.injectStsFault(ACCOUNTS[3]!, code, 2);
        // Act
        const credentials = await throttledCache(4).get(ACCOUNTS[3]!, 'alice');
        // Assess
        expect(credentials.accountId).toBe(ACCOUNTS[3]);
        expect(sandbox.calls.sts.map((call) => call.errorCode ?? 'ok')).toEqual([code, code, 'ok']);
      },
    );

    it('fails that account alone, as throttled and named, once the attempts run out', async () => {
      // Prepare
      sandbox.injectStsFault(ACCOUNTS[4]!, 'Throttling', 5);
      const credentials = throttledCache(2);
      // Act
      const [throttled, other] = await Promise.allSettled([
        credentials.get(ACCOUNTS[4]!, 'alice'),
        credentials.get(ACCOUNTS[0]!, 'alice'),
      ]);
      // Assess
      expect(throttled).toMatchObject({ status: 'rejected', reason: expect.any(ThrottledError) });
      const error = (throttled as PromiseRejectedResult).reason as ThrottledError;
      expect(error.code).toBe('throttled');
      expect(error.message).toBe(
        `STS throttled AssumeRole into ${ACCOUNTS[4]} (Throttling) after 2 attempts; ask again shortly`,
      );
      expect(other).toMatchObject({ status: 'fulfilled', value: { accountId: ACCOUNTS[0] } });
    });
  });

  it.each([['a'], ['alice smith'], ['alice;rm'], ['x'.repeat(65)], ['']])(
    'refuses requested_by %j without calling STS',
    async (requestedBy) => {
      // Act
      const outcome = await cache()
        .get(ACCOUNTS[0]!, requestedBy)
        .catch((error: unknown) => error);
      // Assess
      expect(outcome).toBeInstanceOf(InvalidInputError);
      expect(sandbox.calls.sts).toHaveLength(0);
    },
  );

  it('refuses an account id that is not 12 digits without calling STS', async () => {
    await expect(cache().get('12345', 'alice')).rejects.toBeInstanceOf(InvalidInputError);
    expect(sandbox.calls.sts).toHaveLength(0);
  });
});

describe('roleSessionName', () => {
  it('names CentralOps and the user within 64 characters', () => {
    expect(roleSessionName('bob')).toBe('CentralOps-bob');
    expect(roleSessionName('u'.repeat(64))).toHaveLength(64);
  });
});
