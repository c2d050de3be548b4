/**
 * Assumed-role credentials for member accounts, cached. One AssumeRole per account, role and
 * user (the user is the SourceIdentity CloudTrail shows, so two users never share a session),
 * reused until shortly before expiry; concurrent requests share the call in flight; failures are
 * not cached. A fan-out over many accounts can outrun STS' request rate: the client retries
 * throttles with the SDK's adaptive strategy, and an account still throttled fails alone.
 */
import { AssumeRoleCommand, STSClient, type STSClientConfig, STSServiceException } from '@aws-sdk/client-sts';
import { isThrottlingError } from '@smithy/core/retry';
import type { AwsCredentialIdentity, SdkError } from '@smithy/types';
import { REQUESTED_BY } from '#contracts/bridge-tools/fields.ts';
import { ACCOUNT_ID } from '#contracts/registry.ts';
import { AssumeRoleError, InvalidInputError, ThrottledError } from './errors.ts';

export interface StsClientOptions extends Pick<STSClientConfig, 'endpoint' | 'credentials'> {
  readonly region: string;
  /** Attempts per AssumeRole, the first included (STS_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
}

/**
 * The STS client every credential cache uses: the SDK's adaptive retry mode backs off throttles
 * (`Throttling`, `RequestLimitExceeded`) with jitter and, once STS throttles, paces the client's
 * own sending rate, so a burst of AssumeRole calls settles instead of retrying in lockstep.
 * `cacheMiddleware` resolves the middleware stack once instead of on every send (a fan-out sends
 * thousands of AssumeRole calls); nothing adds middleware to this client after it is made.
 */
export function createStsClient(options: StsClientOptions): STSClient {
  return new STSClient({ ...options, retryMode: 'adaptive', cacheMiddleware: true });
}

export interface AssumedCredentials extends AwsCredentialIdentity {
  readonly expiration: Date;
  /** The account these credentials act in. */
  readonly accountId: string;
}

export interface CredentialCacheOptions {
  readonly client: STSClient;
  /** Role assumed in every member account. */
  readonly roleName: string;
  /** Sent as ExternalId when set. @default undefined */
  readonly externalId?: string;
  /** Credentials are renewed this long before they expire. @default 300_000 (5 minutes) */
  readonly refreshBeforeExpiryMs?: number;
  /** @default 3600 */
  readonly durationSeconds?: number;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

const SESSION_PREFIX = 'CentralOps-';
const EVICTION_INTERVAL_MS = 60_000;
const ROLE_SESSION_NAME_MAX = 64;

function validateRequestedBy(requestedBy: unknown): string {
  if (typeof requestedBy !== 'string' || !REQUESTED_BY.test(requestedBy)) {
    throw new InvalidInputError('requested_by must be 2-64 characters of letters, digits and _+=,.@-');
  }
  return requestedBy;
}

export function roleSessionName(requestedBy: string): string {
  return `${SESSION_PREFIX}${requestedBy}`.slice(0, ROLE_SESSION_NAME_MAX);
}

export class CredentialCache {
  readonly #client: STSClient;
  readonly #roleName: string;
  readonly #externalId: string | undefined;
  readonly #refreshBeforeMs: number;
  readonly #durationSeconds: number;
  readonly #partition: string;
  readonly #now: () => number;
  readonly #cache = new Map<string, AssumedCredentials>();
  readonly #inFlight = new Map<string, Promise<AssumedCredentials>>();
  #evictedAt = Number.NEGATIVE_INFINITY;

  public constructor(options: CredentialCacheOptions) {
    this.#client = options.client;
    this.#roleName = options.roleName;
    this.#externalId = options.externalId || undefined;
    this.#refreshBeforeMs = options.refreshBeforeExpiryMs ?? 300_000;
    this.#durationSeconds = options.durationSeconds ?? 3600;
    this.#partition = options.partition ?? 'aws';
    this.#now = options.now ?? Date.now;
  }

  public async get(accountId: string, requestedBy: string): Promise<AssumedCredentials> {
    if (!ACCOUNT_ID.test(accountId)) throw new InvalidInputError('account_id must be 12 digits');
    validateRequestedBy(requestedBy);
    const key = `${accountId}#${this.#roleName}#${requestedBy}`;
    const cached = this.#cache.get(key);
    if (cached && cached.expiration.getTime() - this.#refreshBeforeMs > this.#now()) return cached;

    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const call = this.#assume(accountId, requestedBy)
      .then((credentials) => {
        this.#evictExpired();
        this.#cache.set(key, credentials);
        return credentials;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, call);
    return call;
  }

  async #assume(accountId: string, requestedBy: string): Promise<AssumedCredentials> {
    const roleArn = `arn:${this.#partition}:iam::${accountId}:role/${this.#roleName}`;
    try {
      const { Credentials } = await this.#client.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: roleSessionName(requestedBy),
          SourceIdentity: requestedBy,
          ExternalId: this.#externalId,
          DurationSeconds: this.#durationSeconds,
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
        throw new Error('AssumeRole returned no credentials');
      }
      return {
        accountId,
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration,
      };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      // The SDK's own classification (`Throttling`, `RequestLimitExceeded`, 429, …); `cause` is typed apart.
      if (error instanceof STSServiceException && isThrottlingError(error as SdkError)) {
        const attempts = error.$metadata.attempts ?? 1;
        throw new ThrottledError(
          `STS throttled AssumeRole into ${accountId} (${name}) after ${attempts} attempt${attempts === 1 ? '' : 's'}; ask again shortly`,
          { cause: error },
        );
      }
      throw new AssumeRoleError(`cannot assume ${roleArn}: ${name}`, { cause: error });
    }
  }

  /** Drops expired credentials, at most once a minute: a fan-out over many accounts adds many at once. */
  #evictExpired(): void {
    const now = this.#now();
    if (now - this.#evictedAt < EVICTION_INTERVAL_MS) return;
    this.#evictedAt = now;
    for (const [key, credentials] of this.#cache) {
      if (credentials.expiration.getTime() - this.#refreshBeforeMs <= now) this.#cache.delete(key);
    }
  }
}
