/** The bridge's settings, read from the environment in one place, with their defaults. */
import { type Env, readEnv } from '#common/env.ts';
import { DEFAULT_MCP_ENDPOINT, DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';

export interface BridgeConfig {
  /** AWS_MCP_ENDPOINT. @default DEFAULT_MCP_ENDPOINT */
  readonly mcpEndpoint: string;
  /** TARGET_ROLE_NAME: role assumed in member accounts. @default DEFAULT_TARGET_ROLE_NAME */
  readonly targetRoleName: string;
  /** EXTERNAL_ID: sent with AssumeRole when set. @default undefined */
  readonly externalId: string | undefined;
  /** FANOUT_CONCURRENCY: account calls in flight at once. @default 16 */
  readonly fanoutConcurrency: number;
  /** ACCOUNT_TIMEOUT_MS: budget of one account+region call, STS included. @default 20_000 */
  readonly accountTimeoutMs: number;
  /** MAX_RESULT_BYTES: one result's size cap, in UTF-8 bytes. @default 100_000 */
  readonly maxResultBytes: number;
  /**
   * MAX_RESPONSE_BYTES: a query_accounts answer's size (its JSON), shared equally by its entries, so
   * a fan-out answer stays under the 1 MB the agent reads at once. @default 900_000
   */
  readonly maxResponseBytes: number;
  /**
   * MCP_MAX_SESSIONS: MCP sessions (one per account and user) kept warm, each about 25 kB; past
   * it the oldest is closed. A fan-out over more accounts than this re-initializes every session
   * on every question, so it should cover the accounts asked at once. @default 1000
   */
  readonly mcpMaxSessions: number;
  /** STS_MAX_ATTEMPTS: attempts per AssumeRole, throttles retried with backoff. @default 4 */
  readonly stsMaxAttempts: number;
  /** AWS_REGION: the bridge's own region, used when an account has none registered. @default 'us-east-1' */
  readonly region: string;
}

export function loadConfig(env: Env = process.env): BridgeConfig {
  const read = readEnv(env);
  return {
    mcpEndpoint: read.text('AWS_MCP_ENDPOINT') ?? DEFAULT_MCP_ENDPOINT,
    targetRoleName: read.text('TARGET_ROLE_NAME') ?? DEFAULT_TARGET_ROLE_NAME,
    externalId: read.text('EXTERNAL_ID'),
    fanoutConcurrency: read.positiveInteger('FANOUT_CONCURRENCY', 16),
    accountTimeoutMs: read.positiveInteger('ACCOUNT_TIMEOUT_MS', 20_000),
    maxResultBytes: read.positiveInteger('MAX_RESULT_BYTES', 100_000),
    maxResponseBytes: read.positiveInteger('MAX_RESPONSE_BYTES', 900_000),
    mcpMaxSessions: read.positiveInteger('MCP_MAX_SESSIONS', 1000),
    stsMaxAttempts: read.positiveInteger('STS_MAX_ATTEMPTS', 4),
    region: read.region('us-east-1'),
  };
}
