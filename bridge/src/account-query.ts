/**
 * AWS MCP Server calls on behalf of a user: a tool call in one account and region over that
 * account's assumed-role credentials (from the cache), a documentation call over the bridge's own
 * credentials, and tools/list. Answers are redacted and capped. The caller has already checked
 * the registry and the guard.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Account } from '../../registry-seed/src/model.ts';
import { ToolResultError } from './errors.ts';
import type { McpClientPool, McpSession } from './mcp-client.ts';
import { type ShapedResult, shapeResult } from './result.ts';
import type { CredentialCache } from './sts.ts';

export interface AccountQueryOptions {
  readonly credentials: CredentialCache;
  readonly mcp: McpClientPool;
  readonly maxResultBytes: number;
  /** The bridge's own credentials, for documentation tools called without an account. */
  readonly ownCredentials: AwsCredentialIdentityProvider;
}

export interface ToolCall {
  readonly toolName: string;
  readonly arguments: Record<string, unknown>;
  readonly requestedBy: string;
}

/** One account+region answer, as the bridge's tools return it. */
export interface AccountAnswer {
  readonly accountId: string;
  readonly accountName: string;
  readonly environment: string;
  readonly region: string;
  readonly ok: true;
  readonly content: string;
  readonly structured?: unknown;
  readonly truncatedBytes?: number;
}

/** A documentation tool's answer: it reads no account, so it names none. */
export interface DocumentationAnswer {
  readonly ok: true;
  readonly content: string;
  readonly truncatedBytes?: number;
}

export class AccountQuery {
  readonly #options: AccountQueryOptions;

  public constructor(options: AccountQueryOptions) {
    this.#options = options;
  }

  public async run(
    account: Account,
    region: string,
    call: ToolCall,
    signal?: AbortSignal,
  ): Promise<AccountAnswer> {
    const session = await this.#session(account, call.requestedBy);
    signal?.throwIfAborted();
    const shaped = this.#shape(
      await this.#options.mcp.callTool(session, {
        toolName: call.toolName,
        arguments: call.arguments,
        region,
        ...(signal ? { signal } : {}),
      }),
    );
    return {
      accountId: account.id,
      accountName: account.name,
      environment: account.environment,
      region,
      ok: true,
      content: shaped.content,
      ...(shaped.structured === undefined ? {} : { structured: shaped.structured }),
      ...(shaped.truncatedBytes === undefined ? {} : { truncatedBytes: shaped.truncatedBytes }),
    };
  }

  /** A documentation tool, called with the bridge's own credentials and no account. */
  public async documentation(call: ToolCall, region: string | undefined): Promise<DocumentationAnswer> {
    const { mcp, ownCredentials } = this.#options;
    const shaped = this.#shape(
      await mcp.callTool(
        { key: 'bridge', credentials: await ownCredentials() },
        { toolName: call.toolName, arguments: call.arguments, ...(region ? { region } : {}) },
      ),
    );
    return {
      ok: true,
      content: shaped.content,
      ...(shaped.truncatedBytes ? { truncatedBytes: shaped.truncatedBytes } : {}),
    };
  }

  /**
   * The server's tools, asked with `account`'s role for `requestedBy`. `account` is looked up only
   * when the pool's cache misses, so a cached answer needs neither the registry nor STS.
   */
  public async listTools(account: () => Promise<Account>, requestedBy: string): Promise<Tool[]> {
    return this.#options.mcp.listTools(async () => this.#session(await account(), requestedBy));
  }

  /** One MCP client per account and user, over that user's assumed-role credentials. */
  async #session(account: Account, requestedBy: string): Promise<McpSession> {
    return {
      key: `${account.id}#${requestedBy}`,
      credentials: await this.#options.credentials.get(account.id, requestedBy),
    };
  }

  /** The result redacted and capped; a result the tool marked as an error is thrown. */
  #shape(result: CallToolResult): ShapedResult {
    const shaped = shapeResult(result, this.#options.maxResultBytes);
    if (shaped.isError) throw new ToolResultError(shaped.content || 'the tool reported an error');
    return shaped;
  }
}
