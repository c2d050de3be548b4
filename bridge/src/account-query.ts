/**
 * One AWS MCP Server tool call in one account and region: assumed-role credentials from the
 * cache, the call over that credential set's MCP client, the answer redacted and capped. The
 * caller has already checked the registry and the guard.
 */
import type { Account } from '../../registry-seed/src/model.ts';
import { ToolResultError } from './errors.ts';
import type { McpClientPool } from './mcp-client.ts';
import { shapeResult } from './result.ts';
import type { CredentialCache } from './sts.ts';

export interface AccountQueryOptions {
  readonly credentials: CredentialCache;
  readonly mcp: McpClientPool;
  readonly maxResultBytes: number;
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
    const credentials = await this.#options.credentials.get(account.id, call.requestedBy);
    signal?.throwIfAborted();
    const result = await this.#options.mcp.callTool(
      { key: `${account.id}#${call.requestedBy}`, credentials },
      { toolName: call.toolName, arguments: call.arguments, region, ...(signal ? { signal } : {}) },
    );
    const shaped = shapeResult(result, this.#options.maxResultBytes);
    if (shaped.isError) throw new ToolResultError(shaped.content || 'the tool reported an error');
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
}
