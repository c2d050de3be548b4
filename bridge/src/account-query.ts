/**
 * AWS MCP Server calls on behalf of a user: the calls of a query in one account and region over
 * that account's assumed-role credentials (from the cache), written by the bridge as a run_script
 * script (or as CLI commands where the server offers only call_aws); documentation tools and
 * tools/list over the bridge's own credentials. Answers are redacted and capped. The caller has
 * already checked the registry and the guard.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { redactValue } from '#common/redact.ts';
import { awsPayload, contentText, tryJson } from '#contracts/aws-mcp-result.ts';
import type { Account } from '#contracts/registry.ts';
import { McpCallError, RefusedError, ToolResultError } from './errors.ts';
import { guardCliCommand, guardToolArguments } from './guard/index.ts';
import type { AwsCall } from './input.ts';
import type { McpClientPool, McpSession } from './mcp-client.ts';
import { MCP_TOOLS } from './mcp-tools.ts';
import { renderCliCommand } from './render-cli.ts';
import { renderScript } from './render-script.ts';
import { capResult, type RedactedResult, redactResult, type ShapedResult } from './result.ts';
import { type CompiledShape, type ShapedResponse, shapeResponse } from './shape.ts';
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

/** Which account an answer comes from. */
interface AnswerSource {
  readonly accountId: string;
  readonly accountName: string;
  readonly environment: string;
  readonly region: string;
  readonly ok: true;
}

/**
 * One account+region answer, as the bridge's tools return it: the tool's output (redacted, capped),
 * or, when the query asked for a shape, the response shaped (see shape.ts).
 */
export type AccountAnswer = AnswerSource &
  (
    | { readonly content: string; readonly structured?: unknown; readonly truncatedBytes?: number }
    | { readonly shaped: ShapedResponse }
  );

/** One account+region call of a query. */
export interface AccountRequest {
  readonly account: Account;
  readonly region: string;
  readonly prepared: PreparedCalls;
  /** The user the bridge acts for: the STS SourceIdentity. */
  readonly requestedBy: string;
  readonly signal?: AbortSignal;
  /** Shape the answer (one call only). @default the tool's output as it is */
  readonly shape?: CompiledShape;
  /** The answer's size cap, its JSON encoding included. @default the pool's maxResultBytes */
  readonly maxBytes?: number;
  /** The account's session, opened ahead (see `open`). @default opened by this call */
  readonly session?: Promise<McpSession>;
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
/** `"content":"…",` and the truncation note around a capped output, in an answer's JSON. */
const ENTRY_OVERHEAD_BYTES = 80;
/** Cuts of an output to fit its cap: each takes off what the last one overshot. */
const MAX_CUTS = 4;

/** UTF-8 bytes of a value's JSON: what it weighs in the tool's answer. */
export function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

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

  public async run(request: AccountRequest): Promise<AccountAnswer> {
    const { account, region, prepared, signal } = request;
    const session = await (request.session ?? this.#session(account, request.requestedBy));
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
    const result =
      results.length === 1
        ? results[0]!
        : { content: results.flatMap((each) => each.content), isError: results.some((r) => r.isError) };
    const source: AnswerSource = {
      accountId: account.id,
      accountName: account.name,
      environment: account.environment,
      region,
      ok: true,
    };
    const maxBytes = request.maxBytes ?? this.#options.maxResultBytes;
    const shaped = request.shape ? this.#shapeResponse(result, request.shape, source, maxBytes) : undefined;
    if (shaped) return shaped;
    // The whole entry counts against the cap, as the caller measures it: its own fields, and the
    // output as JSON escapes it (quotes double); a cut that still overshoots is cut again.
    let budget = maxBytes - sizeOf(source) - ENTRY_OVERHEAD_BYTES;
    // Redacted once: each cut below only caps.
    const redacted = redactResult(result);
    for (let attempt = 1; ; attempt++) {
      const output = this.#cap(redacted, Math.max(0, budget));
      const answer: AccountAnswer = {
        ...source,
        content: output.content,
        ...(output.structured === undefined ? {} : { structured: output.structured }),
        ...(output.truncatedBytes === undefined ? {} : { truncatedBytes: output.truncatedBytes }),
      };
      const over = sizeOf(answer) - maxBytes;
      if (over <= 0 || budget <= 0 || attempt === MAX_CUTS) return answer;
      budget -= over;
    }
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

  /**
   * The account's credentials and MCP session, made ready before any call needs them (AssumeRole,
   * initialize, initialized): a fan-out opens the next accounts while its calls are answered.
   */
  public async open(account: Account, requestedBy: string): Promise<McpSession> {
    const session = await this.#session(account, requestedBy);
    await this.#options.mcp.open(session);
    return session;
  }

  /** One MCP client per account and user, over that user's assumed-role credentials. */
  async #session(account: Account, requestedBy: string): Promise<McpSession> {
    return {
      key: `${account.id}#${requestedBy}`,
      credentials: await this.#options.credentials.get(account.id, requestedBy),
    };
  }

  /** The result redacted and capped; a result the tool marked as an error is thrown. */
  #shape(result: CallToolResult, maxBytes = this.#options.maxResultBytes): ShapedResult {
    return this.#cap(redactResult(result), maxBytes);
  }

  /** A redacted result capped; a result the tool marked as an error is thrown. */
  #cap(redacted: RedactedResult, maxBytes: number): ShapedResult {
    const shaped = capResult(redacted, maxBytes);
    if (shaped.isError) throw new ToolResultError(shaped.content || 'the tool reported an error');
    return shaped;
  }

  /**
   * The AWS response inside the tool's output, shaped and redacted, within `maxBytes`; undefined
   * when the output is not a JSON response (it is then answered as it is, capped).
   */
  #shapeResponse(
    result: CallToolResult,
    shape: CompiledShape,
    source: AnswerSource,
    maxBytes: number,
  ): AccountAnswer | undefined {
    if (result.isError) return undefined;
    const payload = awsPayload(result.structuredContent ?? tryJson(contentText(result)));
    if (typeof payload !== 'object' || payload === null) return undefined;
    // Redacted before it is shaped: a secret must not become a count's key or a match's answer.
    const redacted = redactValue(payload);
    const answer = (shaped: ShapedResponse): AccountAnswer => ({ ...source, shaped });
    return answer(shapeResponse(redacted, shape, (candidate) => sizeOf(answer(candidate)) <= maxBytes));
  }
}
