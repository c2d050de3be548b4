/**
 * The real bridge wired to the sandbox AWS (its STS and AWS MCP Server look-alike) and an account
 * registry on dynalite: what the bridge harness, the agent and local stacks and the bridge bench run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { type BridgeConfig, loadConfig } from '#bridge/src/config.ts';
import { type BridgeHandler, createBridgeHandler } from '#bridge/src/handler.ts';
import { createBridgeLogger } from '#bridge/src/logger.ts';
import type { McpClientPool } from '#bridge/src/mcp-client.ts';
import { createStsClient } from '#bridge/src/sts.ts';
import type { SandboxAws } from '../sandbox-aws/index.ts';

export interface SandboxBridgeOptions {
  /** A started sandbox, or the endpoints of one running in another process (bench/bridge.ts). */
  readonly sandbox: Pick<SandboxAws, 'mcpEndpoint' | 'stsEndpoint' | 'centralCredentials'>;
  /** Client of the table holding the account registry. */
  readonly documentClient: DynamoDBDocumentClient;
  /** Laid over the defaults, whose MCP endpoint is the sandbox's. */
  readonly config?: Partial<BridgeConfig>;
  /** @default the bridge's own pool on config.mcpEndpoint */
  readonly mcp?: McpClientPool;
  /** @default silent: test and bench output stays clean, and no time goes into formatting logs */
  readonly logger?: Logger;
}

export function sandboxBridgeHandler(options: SandboxBridgeOptions): BridgeHandler {
  const { sandbox } = options;
  const config = { ...loadConfig({}), mcpEndpoint: sandbox.mcpEndpoint, ...options.config };
  return createBridgeHandler({
    config,
    registry: new DynamoAccountRegistry({ client: options.documentClient }),
    stsClient: createStsClient({
      endpoint: sandbox.stsEndpoint,
      region: 'us-east-1',
      credentials: sandbox.centralCredentials,
      maxAttempts: config.stsMaxAttempts,
    }),
    mcp: options.mcp,
    // tools/list and documentation tools run as the central identity (the bridge's own).
    ownCredentials: async () => sandbox.centralCredentials,
    logger: options.logger ?? createBridgeLogger({ logLevel: 'SILENT' }),
  });
}
