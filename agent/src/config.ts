/** The agent's settings, read from the environment in one place with their defaults. */
import { type Env, readEnv } from '#common/env.ts';
import { MAX_ACCOUNT_REGIONS } from '#contracts/bridge-tools/fields.ts';
import { FANOUT_DEFAULTS, type FanOutSettings } from './fanout/shards.ts';

/** Model settings when neither the environment nor the caller of createAgentApp gives them. */
export const MODEL_DEFAULTS = {
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  modelMaxSteps: 6,
  modelMaxMs: 60_000,
} as const;

interface AgentConfig {
  /** The AgentCore Gateway's MCP URL (`GATEWAY_URL`). @default undefined: no tools */
  readonly gatewayUrl: string | undefined;
  /** Region used to sign Gateway calls and reach Bedrock (`AWS_REGION`). @default 'us-east-1' */
  readonly region: string;
  /** Bedrock model or inference profile id (`MODEL_ID`). @default MODEL_DEFAULTS.modelId */
  readonly modelId: string;
  /** Cognito user pool holding the users and their groups (`USER_POOL_ID`). @default undefined */
  readonly userPoolId: string | undefined;
  /** Model tool-use loop: most model calls per turn (`MODEL_MAX_STEPS`). @default MODEL_DEFAULTS.modelMaxSteps */
  readonly modelMaxSteps: number;
  /** Model tool-use loop: wall-clock budget per turn in ms (`MODEL_MAX_MS`). @default MODEL_DEFAULTS.modelMaxMs */
  readonly modelMaxMs: number;
  /** AgentCore Memory keeping each user's exchanges per thread (`MEMORY_ID`). @default undefined: in this process */
  readonly memoryId: string | undefined;
  /** Without MEMORY_ID: threads kept, least recently used dropped first (`SESSION_MAX`). @default 500 */
  readonly sessionMax: number;
  /** Without MEMORY_ID: idle time after which a thread is forgotten, ms (`SESSION_TTL_MS`). @default 3_600_000 */
  readonly sessionTtlMs: number;
  /** How long registry look-ups are reused, ms (`ACCOUNT_CACHE_MS`). @default 30_000 */
  readonly accountCacheMs: number;
  /** Port of the runtime server (`PORT`). @default 8080 */
  readonly port: number;
  /**
   * How a fan-out is split into query_accounts calls (`FANOUT_SHARD_SIZE`, at most 3,000;
   * `FANOUT_SHARDS_IN_FLIGHT`; `FANOUT_FIRST_SHARD_SIZE`). @default FANOUT_DEFAULTS
   */
  readonly fanOut: FanOutSettings;
}

export function loadConfig(env: Env = process.env): AgentConfig {
  const read = readEnv(env);
  return {
    gatewayUrl: read.text('GATEWAY_URL'),
    region: read.region('us-east-1'),
    modelId: read.text('MODEL_ID') ?? MODEL_DEFAULTS.modelId,
    userPoolId: read.text('USER_POOL_ID'),
    modelMaxSteps: read.positiveInteger('MODEL_MAX_STEPS', MODEL_DEFAULTS.modelMaxSteps),
    modelMaxMs: read.positiveInteger('MODEL_MAX_MS', MODEL_DEFAULTS.modelMaxMs),
    memoryId: read.text('MEMORY_ID'),
    sessionMax: read.positiveInteger('SESSION_MAX', 500),
    sessionTtlMs: read.positiveInteger('SESSION_TTL_MS', 3_600_000),
    accountCacheMs: read.positiveInteger('ACCOUNT_CACHE_MS', 30_000),
    port: read.positiveInteger('PORT', 8080),
    fanOut: {
      shardSize: Math.min(
        MAX_ACCOUNT_REGIONS,
        read.positiveInteger('FANOUT_SHARD_SIZE', FANOUT_DEFAULTS.shardSize),
      ),
      shardsInFlight: read.positiveInteger('FANOUT_SHARDS_IN_FLIGHT', FANOUT_DEFAULTS.shardsInFlight),
      firstShardSize: read.positiveInteger('FANOUT_FIRST_SHARD_SIZE', FANOUT_DEFAULTS.firstShardSize),
    },
  };
}
