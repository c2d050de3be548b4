/** The bridge's settings, read from the environment in one place, with their defaults. */

/** Default of AWS_MCP_ENDPOINT; infra/ deploys the same, so local and deployed bridges agree. */
export const DEFAULT_MCP_ENDPOINT = 'https://aws-mcp.us-east-1.api.aws/mcp';

/** Default of TARGET_ROLE_NAME; infra/ names the member accounts' role the same. */
export const DEFAULT_TARGET_ROLE_NAME = 'CentralOpsTargetRole';

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
  /** AWS_REGION: the bridge's own region, used when an account has none registered. @default 'us-east-1' */
  readonly region: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  return {
    mcpEndpoint: env.AWS_MCP_ENDPOINT || DEFAULT_MCP_ENDPOINT,
    targetRoleName: env.TARGET_ROLE_NAME || DEFAULT_TARGET_ROLE_NAME,
    externalId: env.EXTERNAL_ID || undefined,
    fanoutConcurrency: positiveInteger(env.FANOUT_CONCURRENCY, 16),
    accountTimeoutMs: positiveInteger(env.ACCOUNT_TIMEOUT_MS, 20_000),
    maxResultBytes: positiveInteger(env.MAX_RESULT_BYTES, 100_000),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
  };
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}
