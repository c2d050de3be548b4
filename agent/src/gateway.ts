/**
 * The agent's side of the AgentCore Gateway: an MCP client over streamable HTTP, every request
 * SigV4-signed (service `bedrock-agentcore`) with the runtime role's credentials. Tools appear as
 * `<target>___<tool>`; tool results come back as JSON text, which this module parses.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { messageOf } from '#common/errors.ts';
import { createSigV4Fetch } from '#common/sigv4-fetch.ts';
import { contentText, record, tryJson } from '#contracts/aws-mcp-result.ts';
import { GatewayError } from './errors.ts';
import { tracingFetch } from './tracing.ts';

export interface GatewayTool {
  /** As the Gateway lists it: `centralops___query_accounts`. */
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
}

/** What the turn needs from the Gateway; tests may pass their own. */
export interface ToolGateway {
  /**
   * Starts connecting ahead of the first call, so the handshake's round trips overlap the turn's
   * own reads; a failure is the first call's to report. @default connects on the first call
   */
  connect?(): void;
  listTools(): Promise<readonly GatewayTool[]>;
  /** Calls `<target>___<tool>`; returns the tool's JSON result (a bridge `{ error }` object included). */
  callTool(tool: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

interface McpGatewayOptions {
  readonly url: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SigV4 service name of the Gateway. @default 'bedrock-agentcore' */
  readonly service?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export class McpGateway implements ToolGateway {
  readonly #options: McpGatewayOptions;
  #client: Promise<Client> | undefined;
  #tools: Promise<readonly GatewayTool[]> | undefined;

  constructor(options: McpGatewayOptions) {
    this.#options = options;
  }

  connect(): void {
    this.#client ??= this.#connect();
    const client = this.#client;
    // A failed handshake is not kept: the first call connects again, and reports its own failure.
    client.catch(() => {
      if (this.#client === client) this.#client = undefined;
    });
  }

  listTools(): Promise<readonly GatewayTool[]> {
    this.#tools ??= this.#withClient(async (client) => {
      const listed = await client.listTools();
      return listed.tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema as Record<string, unknown>,
      }));
    });
    this.#tools.catch(() => {
      this.#tools = undefined;
    });
    return this.#tools;
  }

  callTool(tool: string, args: Record<string, unknown>): Promise<unknown> {
    return this.#withClient(async (client) => {
      const result = await client.callTool({ name: tool, arguments: args });
      return parseToolResult(result);
    });
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await (await client.catch(() => undefined))?.close();
  }

  async #withClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
    try {
      this.#client ??= this.#connect();
      return await use(await this.#client);
    } catch (error) {
      // A broken connection is not kept: the next call connects again.
      await this.close().catch(() => undefined);
      throw new GatewayError(`Gateway call failed: ${messageOf(error)}`, { cause: error });
    }
  }

  async #connect(): Promise<Client> {
    const signedFetch = createSigV4Fetch({
      service: this.#options.service ?? 'bedrock-agentcore',
      region: this.#options.region,
      credentials: this.#options.credentials,
      // The trace headers go on after signing: the Gateway reads them, the signature need not cover them.
      fetch: tracingFetch(this.#options.fetch),
    });
    const client = new Client({ name: 'centralops-agent', version: '0.1.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(this.#options.url), { fetch: signedFetch }),
    );
    return client;
  }
}

/** An MCP CallToolResult → the JSON the tool returned (the Gateway relays a Lambda's JSON as text). */
function parseToolResult(result: unknown): unknown {
  const body = record(result) ?? {};
  if (body.structuredContent !== undefined) return body.structuredContent;
  const text = contentText(body);
  const parsed = tryJson(text);
  if (parsed !== undefined) return parsed;
  return body.isError ? { error: { code: 'tool_error', message: text } } : text;
}
