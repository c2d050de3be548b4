/**
 * AWS MCP Server calls on behalf of a user: the calls of a query in one account and region over
 * that account's assumed-role credentials (from the cache), written by the bridge as a run_script
 * script (or as CLI commands where the server offers only call_aws); documentation tools and
 * tools/list over the bridge's own credentials. Answers are redacted and capped. The caller has
 * already checked the registry and the guard.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Account } from '#contracts/registry.ts';
import { McpCallError, RefusedError, ToolResultError } from './errors.ts';
import { guardCliCommand, guardToolArguments } from './guard/index.ts';
import type { AwsCall } from './input.ts';
import type { McpClientPool, McpSession } from './mcp-client.ts';
import { MCP_TOOLS } from './mcp-tools.ts';
import { renderCliCommand } from './render-cli.ts';
import { renderScript } from './render-script.ts';
import { type ShapedResult, shapeResult } from './result.ts';
import type { CredentialCache } from './sts.ts';

export interface AccountQueryOptions {
  readonly credentials: CredentialCache;
  readonly mcp: McpClientPool;
  readonly maxResultBytes: number;
  /** The bridge's own credentials: tools/list and documentation tools, which read no account. */
  readonly ownCredentials: AwsCredentialIdentityProvider;
}

/** A documentation tool call, by name. */
export interface ToolCall {
  readonly toolName: string;
  readonly arguments: Readonly<Record<string, unknown>>;
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

/**
 * A query's calls made ready for the server's tool set: the tool the bridge uses, and the
 * arguments it writes for one region (one script, or one CLI command per call).
 */
export interface PreparedCalls {
  readonly toolName: string;
  argumentsFor(region: string): Record<string, unknown>[];
}

/** call_aws reads at most this many items when a call asks for more than one page. */
const CLI_MAX_ITEMS = 1000;

export class AccountQuery {
  readonly #options: AccountQueryOptions;

  public constructor(options: AccountQueryOptions) {
    this.#options = options;
  }

  /**
   * Chooses the tool from the server's tools/list (run_script first) and writes the calls for it.
   * A CLI command is checked by the CLI guard as written: a refusal names the call.
   * @param deadline epoch ms after which an unanswered tools/list counts as unreadable
   */
  public async prepare(calls: readonly AwsCall[], deadline?: number): Promise<PreparedCalls> {
    const offered = new Set((await this.#listedTools(deadline)).map((tool) => tool.name));
    if (offered.has(MCP_TOOLS.runScript.name) || offered.size === 0) {
      return {
        toolName: MCP_TOOLS.runScript.name,
        argumentsFor: (region) => [{ [MCP_TOOLS.runScript.codeArgument]: renderScript(calls, region) }],
      };
    }
    if (!offered.has(MCP_TOOLS.callAws.name)) {
      throw new McpCallError(
        `the AWS MCP Server offers neither ${MCP_TOOLS.runScript.name} nor ${MCP_TOOLS.callAws.name}`,
        { retryable: false },
      );
    }
    // The guard sees the commands as the server will; the region is a validated name, so checking
    // them for one region checks them for all.
    for (const [index, call] of calls.entries()) {
      const decision = guardCliCommand(renderCliCommand(call, 'us-east-1'));
      if (!decision.allowed) {
        const which = calls.length === 1 ? '' : `calls[${index}]: `;
        throw new RefusedError(
          `${which}as an AWS CLI command (the server offers only call_aws): ${decision.reason}`,
        );
      }
    }
    return {
      toolName: MCP_TOOLS.callAws.name,
      argumentsFor: (region) =>
        calls.map((call) => ({
          [MCP_TOOLS.callAws.commandArgument]: renderCliCommand(call, region),
          ...(call.pages > 1 ? { [MCP_TOOLS.callAws.maxResultsArgument]: CLI_MAX_ITEMS } : {}),
        })),
    };
  }

  public async run(
    account: Account,
    region: string,
    prepared: PreparedCalls,
    requestedBy: string,
    signal?: AbortSignal,
  ): Promise<AccountAnswer> {
    const session = await this.#session(account, requestedBy);
    signal?.throwIfAborted();
    const results: CallToolResult[] = [];
    // CLI commands one after another, as the script runs its calls; the first failure ends the query.
    for (const args of prepared.argumentsFor(region)) {
      const result = await this.#options.mcp.callTool(session, {
        toolName: prepared.toolName,
        arguments: args,
        region,
        ...(signal ? { signal } : {}),
      });
      results.push(result);
      if (result.isError) break;
    }
    const shaped = this.#shape(
      results.length === 1
        ? results[0]!
        : { content: results.flatMap((result) => result.content), isError: results.some((r) => r.isError) },
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

  /** A documentation tool, its arguments allow-listed by the server's schema, over the bridge's own credentials. */
  public async documentation(call: ToolCall, region: string | undefined): Promise<DocumentationAnswer> {
    const listed = (await this.listTools()).find((tool) => tool.name === call.toolName);
    const decision = guardToolArguments(call.toolName, listed?.inputSchema, call.arguments);
    if (!decision.allowed) throw new RefusedError(decision.reason);
    const shaped = this.#shape(
      await this.#options.mcp.callTool(await this.#ownSession(), {
        toolName: call.toolName,
        arguments: { ...call.arguments },
        ...(region ? { region } : {}),
      }),
    );
    return {
      ok: true,
      content: shaped.content,
      ...(shaped.truncatedBytes ? { truncatedBytes: shaped.truncatedBytes } : {}),
    };
  }

  /** The server's tools, listed with the bridge's own credentials (never a member account's), cached. */
  public async listTools(): Promise<Tool[]> {
    return this.#options.mcp.listTools(() => this.#ownSession());
  }

  /**
   * The tool set for choosing a tool: a list that fails, or is not in by the deadline, counts as
   * none, and run_script (the managed server's tool) is assumed.
   */
  async #listedTools(deadline: number | undefined): Promise<Tool[]> {
    const listed = this.listTools().catch(() => []);
    if (deadline === undefined) return listed;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Tool[]>((resolve) => {
      timer = setTimeout(() => resolve([]), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([listed, late]).finally(() => clearTimeout(timer));
  }

  async #ownSession(): Promise<McpSession> {
    return { key: 'bridge', credentials: await this.#options.ownCredentials() };
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
