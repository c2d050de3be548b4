/**
 * The AgentCore Gateway's Lambda target. The Gateway passes the tool's arguments flat as the event
 * and the tool's name in the client context; this wires the parts once per container and
 * dispatches. Tool errors are returned as `{ error: { code, message } }` so the Gateway relays them.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type AccountRegistry, DynamoAccountRegistry } from '#access/account-registry.ts';
import { bridgeToolNameOf, isBridgeToolName } from '#contracts/bridge-tools/index.ts';
import { AccountQuery } from './account-query.ts';
import { type BridgeConfig, loadConfig } from './config.ts';
import { BridgeError, InvalidInputError, toToolError } from './errors.ts';
import { createBridgeLogger } from './logger.ts';
import { McpClientPool } from './mcp-client.ts';
import { CredentialCache, createStsClient } from './sts.ts';
import { runTool, type ToolContext } from './tools/index.ts';

export interface BridgeDependencies {
  /** @default loadConfig() */
  readonly config?: BridgeConfig;
  /** @default DynamoAccountRegistry over ACCOUNTS_TABLE */
  readonly registry?: AccountRegistry;
  /** @default createStsClient() in the bridge's region (honours AWS_ENDPOINT_URL_STS) */
  readonly stsClient?: STSClient;
  /** @default a pool on config.mcpEndpoint */
  readonly mcp?: McpClientPool;
  /** The bridge's own credentials: tools/list and documentation tools. @default fromNodeProviderChain() */
  readonly ownCredentials?: AwsCredentialIdentityProvider;
  /** @default createBridgeLogger(): every line redacted */
  readonly logger?: Logger;
}

/** The part of the Lambda context the Gateway fills in. */
export interface GatewayContext {
  readonly clientContext?: { readonly custom?: Readonly<Record<string, unknown>> } | null;
  /** Lambda's; absent when a test or the local gateway calls the handler. */
  readonly getRemainingTimeInMillis?: () => number;
}

export type BridgeHandler = (event: unknown, context: GatewayContext) => Promise<unknown>;

const TOOL_NAME_KEY = 'bedrockAgentCoreToolName';
/** Time kept back from the Lambda's remaining time to serialize and return the answer. */
const DEADLINE_MARGIN_MS = 1_500;

/** `<target>___<tool>` → `<tool>`. */
export function toolNameFrom(context: GatewayContext): string {
  const qualified = context.clientContext?.custom?.[TOOL_NAME_KEY];
  if (typeof qualified !== 'string' || qualified === '') {
    throw new InvalidInputError(`the context carries no ${TOOL_NAME_KEY}`);
  }
  return bridgeToolNameOf(qualified);
}

export function createBridgeHandler(dependencies: BridgeDependencies = {}): BridgeHandler {
  const config = dependencies.config ?? loadConfig();
  const logger = dependencies.logger ?? createBridgeLogger();
  const credentials = new CredentialCache({
    client:
      dependencies.stsClient ??
      createStsClient({ region: config.region, maxAttempts: config.stsMaxAttempts }),
    roleName: config.targetRoleName,
    externalId: config.externalId,
  });
  const mcp =
    dependencies.mcp ??
    new McpClientPool({
      endpoint: config.mcpEndpoint,
      callTimeoutMs: config.accountTimeoutMs,
      maxClients: config.mcpMaxSessions,
    });
  const tools: Omit<ToolContext, 'deadline'> = {
    config,
    registry:
      dependencies.registry ??
      new DynamoAccountRegistry({
        client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region })),
      }),
    query: new AccountQuery({
      credentials,
      mcp,
      maxResultBytes: config.maxResultBytes,
      ownCredentials: dependencies.ownCredentials ?? fromNodeProviderChain(),
    }),
    logger,
  };

  return async (event, context) => {
    const args = (typeof event === 'object' && event !== null ? event : {}) as Readonly<
      Record<string, unknown>
    >;
    const deadline = context.getRemainingTimeInMillis
      ? Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS
      : undefined;
    let bridgeTool = 'unknown';
    try {
      bridgeTool = toolNameFrom(context);
      if (!isBridgeToolName(bridgeTool)) throw new InvalidInputError(`unknown tool ${bridgeTool}`);
      return await runTool(bridgeTool, args, { ...tools, deadline });
    } catch (error) {
      const toolError = toToolError(error);
      const fields = {
        user: typeof args.requested_by === 'string' ? args.requested_by.slice(0, 64) : undefined,
        bridgeTool,
        outcome: toolError.error.code,
      };
      if (error instanceof BridgeError)
        logger.warn('tool refused or failed', { ...fields, error: toolError.error });
      else logger.error('tool failed', { ...fields, error: describe(error) });
      return toolError;
    }
  };
}

/** Name and message only: a stack or cause could carry request data. */
function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

let defaultHandler: BridgeHandler | undefined;

/** The Lambda entry point: dependencies are built on the first invocation and reused while warm. */
export const handler: BridgeHandler = (event, context) => {
  defaultHandler ??= createBridgeHandler();
  return defaultHandler(event, context);
};
