/**
 * The AgentCore Gateway's Lambda target. The Gateway passes the tool's arguments flat as the event
 * and the tool's name in the client context; this composes the parts: input, guard, registry,
 * STS, MCP client, fan-out. Tool errors are returned as `{ error: { code, message } }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { type AccountRegistry, DynamoAccountRegistry } from '../../registry-seed/src/account-registry.ts';
import type { Account } from '../../registry-seed/src/model.ts';
import { AccountQuery, type ToolCall } from './account-query.ts';
import { type BridgeConfig, loadConfig } from './config.ts';
import {
  BridgeError,
  InvalidInputError,
  RefusedError,
  type ToolError,
  ToolResultError,
  toToolError,
} from './errors.ts';
import { fanOut } from './fan-out.ts';
import { guardToolCall } from './guard/index.ts';
import { parseQuery, parseQueryAccounts, parseRequestedBy } from './input.ts';
import { McpClientPool } from './mcp-client.ts';
import { isDocumentationTool } from './mcp-tools.ts';
import { shapeResult } from './result.ts';
import { CredentialCache } from './sts.ts';
import { BRIDGE_TOOL_NAMES } from './tool-schema.ts';

export interface BridgeDependencies {
  /** @default loadConfig() */
  readonly config?: BridgeConfig;
  /** @default DynamoAccountRegistry over ACCOUNTS_TABLE */
  readonly registry?: AccountRegistry;
  /** @default new STSClient() (honours AWS_ENDPOINT_URL_STS) */
  readonly stsClient?: STSClient;
  /** @default a pool on config.mcpEndpoint */
  readonly mcp?: McpClientPool;
  /** The bridge's own credentials, for documentation tools called without an account. @default fromNodeProviderChain() */
  readonly ownCredentials?: AwsCredentialIdentityProvider;
  /** @default new Logger({ serviceName: 'centralops-bridge' }) */
  readonly logger?: Logger;
}

export interface GatewayContext {
  readonly clientContext?: { readonly custom?: Readonly<Record<string, unknown>> } | Context['clientContext'];
}

export type BridgeHandler = (event: unknown, context: GatewayContext) => Promise<unknown>;

/** An entry of query_accounts' results: an answer, or why this account+region has none. */
export type FanOutEntry =
  | Awaited<ReturnType<AccountQuery['run']>>
  | {
      readonly accountId: string;
      readonly accountName?: string;
      readonly environment?: string;
      readonly region?: string;
      readonly ok: false;
      readonly refused?: true;
      readonly error: ToolError['error'];
    };

const TOOL_NAME_KEY = 'bedrockAgentCoreToolName';
const TARGET_SEPARATOR = '___';

/** `<target>___<tool>` → `<tool>`. */
export function toolNameFrom(context: GatewayContext): string {
  const custom = context.clientContext?.custom as Readonly<Record<string, unknown>> | undefined;
  const qualified = custom?.[TOOL_NAME_KEY];
  if (typeof qualified !== 'string' || qualified === '') {
    throw new InvalidInputError(`the context carries no ${TOOL_NAME_KEY}`);
  }
  const at = qualified.indexOf(TARGET_SEPARATOR);
  return at === -1 ? qualified : qualified.slice(at + TARGET_SEPARATOR.length);
}

export function createBridgeHandler(dependencies: BridgeDependencies = {}): BridgeHandler {
  const config = dependencies.config ?? loadConfig();
  const logger = dependencies.logger ?? new Logger({ serviceName: 'centralops-bridge' });
  const registry =
    dependencies.registry ??
    new DynamoAccountRegistry({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region })),
    });
  const credentials = new CredentialCache({
    client: dependencies.stsClient ?? new STSClient({ region: config.region }),
    roleName: config.targetRoleName,
    externalId: config.externalId,
  });
  const mcp =
    dependencies.mcp ??
    new McpClientPool({ endpoint: config.mcpEndpoint, callTimeoutMs: config.accountTimeoutMs });
  const ownCredentials = dependencies.ownCredentials ?? fromNodeProviderChain();
  const query = new AccountQuery({ credentials, mcp, maxResultBytes: config.maxResultBytes });

  /** Guard first: a refused call reaches neither the registry, STS nor the MCP server. */
  function guarded(toolName: string, args: Record<string, unknown>): void {
    const decision = guardToolCall(toolName, args);
    if (!decision.allowed) throw new RefusedError(decision.reason);
  }

  async function enabledAccount(accountId: string): Promise<Account> {
    const account = await registry.get(accountId);
    if (!account?.enabled)
      throw new RefusedError(`account ${accountId} is not a registered, enabled account`);
    return account;
  }

  async function runQuery(event: Readonly<Record<string, unknown>>): Promise<unknown> {
    const input = parseQuery(event);
    guarded(input.toolName, input.arguments);
    const call: ToolCall = {
      toolName: input.toolName,
      arguments: input.arguments,
      requestedBy: input.requestedBy,
    };
    const started = performance.now();
    if (input.accountId === undefined) {
      if (!isDocumentationTool(input.toolName))
        throw new InvalidInputError('account_id is required for this tool');
      const result = await mcp.callTool(
        { key: 'bridge', credentials: await ownCredentials() },
        {
          toolName: input.toolName,
          arguments: input.arguments,
          ...(input.region ? { region: input.region } : {}),
        },
      );
      const shaped = shapeResult(result, config.maxResultBytes);
      if (shaped.isError) throw new ToolResultError(shaped.content || 'the tool reported an error');
      return {
        ok: true,
        content: shaped.content,
        ...(shaped.truncatedBytes ? { truncatedBytes: shaped.truncatedBytes } : {}),
      };
    }
    const account = await enabledAccount(input.accountId);
    const region = input.region ?? account.regions[0] ?? config.region;
    try {
      const answer = await withTimeout(config.accountTimeoutMs, (signal) =>
        query.run(account, region, call, signal),
      );
      logCall(call, account.id, region, 'ok', started);
      return answer;
    } catch (error) {
      logCall(call, account.id, region, 'failed', started, error);
      throw error;
    }
  }

  async function runQueryAccounts(event: Readonly<Record<string, unknown>>): Promise<unknown> {
    const started = performance.now();
    const input = parseQueryAccounts(event);
    guarded(input.toolName, input.arguments);
    const call: ToolCall = {
      toolName: input.toolName,
      arguments: input.arguments,
      requestedBy: input.requestedBy,
    };

    const enabled = await registry.listEnabled();
    let targets: Account[];
    const refused: FanOutEntry[] = [];
    if (input.accountIds) {
      const wanted = new Set(input.accountIds);
      targets = enabled.filter((account) => wanted.has(account.id));
      const found = new Set(targets.map((account) => account.id));
      for (const id of input.accountIds.filter((accountId) => !found.has(accountId))) {
        refused.push({
          accountId: id,
          ok: false,
          refused: true,
          error: toToolError(new RefusedError(`account ${id} is not a registered, enabled account`)).error,
        });
        logger.info('account call', {
          user: call.requestedBy,
          account: id,
          tool: call.toolName,
          outcome: 'refused',
        });
      }
    } else {
      targets = input.all ? enabled : enabled.filter((account) => account.environment === input.environment);
    }
    if (targets.length === 0 && refused.length === 0) {
      throw new RefusedError(`no registered, enabled account in environment ${input.environment ?? 'all'}`);
    }

    const work = targets.flatMap((account) =>
      (input.regions ?? (account.regions.length > 0 ? account.regions : [config.region])).map((region) => ({
        account,
        region,
      })),
    );
    const settled = await fanOut(
      work,
      ({ account, region }, signal) => query.run(account, region, call, signal),
      {
        concurrency: config.fanoutConcurrency,
        timeoutMs: config.accountTimeoutMs,
      },
    );

    const failedAccounts = new Set<string>();
    const results: FanOutEntry[] = settled.map((outcome, index) => {
      const { account, region } = work[index]!;
      logCall(
        call,
        account.id,
        region,
        outcome.ok ? 'ok' : 'failed',
        started,
        outcome.ok ? undefined : outcome.error,
      );
      if (outcome.ok) return outcome.value;
      failedAccounts.add(account.id);
      return {
        accountId: account.id,
        accountName: account.name,
        environment: account.environment,
        region,
        ok: false,
        error: toToolError(outcome.error).error,
      };
    });
    return {
      results: [...results, ...refused],
      summary: {
        accounts: targets.length + refused.length,
        ok: targets.length - failedAccounts.size,
        failed: failedAccounts.size,
        refused: refused.length,
        elapsedMs: Math.round(performance.now() - started),
      },
    };
  }

  async function listAccounts(): Promise<unknown> {
    const accounts = await registry.listEnabled();
    return {
      accounts: accounts.map(({ id, name, aliases, environment, regions }) => ({
        id,
        name,
        aliases,
        environment,
        regions,
      })),
    };
  }

  /** tools/list is the same for every account: it is asked with the first enabled account's role. */
  async function listTools(requestedBy: string): Promise<unknown> {
    const [account] = await registry.listEnabled();
    if (!account) throw new RefusedError('no registered, enabled account to list the tools with');
    const session = {
      key: `${account.id}#${requestedBy}`,
      credentials: await credentials.get(account.id, requestedBy),
    };
    const tools = await mcp.listTools(session);
    return { tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
  }

  function logCall(
    call: ToolCall,
    account: string,
    region: string,
    outcome: 'ok' | 'failed',
    started: number,
    error?: unknown,
  ): void {
    const fields = {
      user: call.requestedBy,
      account,
      region,
      tool: call.toolName,
      outcome,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (outcome === 'ok') logger.info('account call', fields);
    else logger.warn('account call', { ...fields, error: toToolError(error).error });
  }

  return async (event, context) => {
    let bridgeTool = 'unknown';
    try {
      bridgeTool = toolNameFrom(context);
      const args = (typeof event === 'object' && event !== null ? event : {}) as Readonly<
        Record<string, unknown>
      >;
      switch (bridgeTool) {
        case BRIDGE_TOOL_NAMES.query:
          return await runQuery(args);
        case BRIDGE_TOOL_NAMES.queryAccounts:
          return await runQueryAccounts(args);
        case BRIDGE_TOOL_NAMES.listAccounts:
          parseRequestedBy(args);
          return await listAccounts();
        case BRIDGE_TOOL_NAMES.listTools:
          return await listTools(parseRequestedBy(args));
        default:
          throw new InvalidInputError(`unknown tool ${bridgeTool}`);
      }
    } catch (error) {
      const user =
        typeof (event as { requested_by?: unknown })?.requested_by === 'string'
          ? (event as { requested_by: string }).requested_by
          : undefined;
      const toolError = toToolError(error);
      if (error instanceof BridgeError) {
        logger.warn('tool refused or failed', {
          user,
          bridgeTool,
          outcome: toolError.error.code,
          error: toolError.error,
        });
      } else {
        logger.error('tool failed', {
          user,
          bridgeTool,
          outcome: toolError.error.code,
          error: describe(error),
        });
      }
      return toolError;
    }
  };
}

async function withTimeout<T>(timeoutMs: number, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const [outcome] = await fanOut([undefined], (_item, signal) => task(signal), { concurrency: 1, timeoutMs });
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
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
