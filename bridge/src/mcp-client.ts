/**
 * MCP clients towards the AWS MCP Server: one SDK Client + streamable-HTTP transport per
 * credential set, SigV4-signed with those credentials, initialized once and reused while warm.
 * The SDK handles JSON and SSE answers; this adds region injection, retries and timeouts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult, ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { AwsCredentialIdentity } from '@smithy/types';
import { messageOf } from '#common/errors.ts';
import { createSigV4Fetch } from '#common/sigv4-fetch.ts';
import { BridgeTimeoutError, McpCallError } from './errors.ts';
import { REGION_META_KEY } from './mcp-tools.ts';
import { withRetry } from './retry.ts';

export interface McpClientPoolOptions {
  /** The AWS MCP Server URL. */
  readonly endpoint: string;
  /** @default 'aws-mcp' */
  readonly service?: string;
  /** SigV4 region. @default the region in the endpoint's host name, else 'us-east-1' */
  readonly signingRegion?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Attempts per call, the first included (throttling and 5xx are retried). @default 3 */
  readonly maxAttempts?: number;
  /** @default 100 */
  readonly retryBaseDelayMs?: number;
  /** @default 30_000 */
  readonly callTimeoutMs?: number;
  /** How long tools/list answers are reused. @default 300_000 */
  readonly toolsCacheTtlMs?: number;
  /** Warm clients kept; the least recently created one is closed beyond this. @default 500 */
  readonly maxClients?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface McpSession {
  /** Stable name of the credential set's owner (e.g. `<account>#<user>`): one client per key. */
  readonly key: string;
  /** Renewed credentials (a new access key id) replace the key's client. */
  readonly credentials: AwsCredentialIdentity;
}

export interface CallToolRequest {
  readonly toolName: string;
  readonly arguments: Record<string, unknown>;
  /** Target region, sent as `params._meta.AWS_REGION`. */
  readonly region?: string;
  readonly signal?: AbortSignal;
}

interface PooledClient {
  readonly accessKeyId: string;
  readonly client: Client;
  readonly ready: Promise<void>;
}

const CLIENT_INFO = { name: 'centralops-bridge', version: '1.0.0' };
/** One validator for every client: each SDK Client would otherwise build its own Ajv instance. */
const SCHEMA_VALIDATOR = new AjvJsonSchemaValidator();
/**
 * The bridge never listens for server-initiated messages, so the optional GET stream the SDK opens
 * after `initialize` is answered "405: not offered" locally, which the SDK accepts: one signed
 * round trip fewer per session.
 */
async function noServerStream(): Promise<Response> {
  return new Response(null, { status: 405 });
}
const REGION_IN_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\./;

export function regionFromEndpoint(endpoint: string): string | undefined {
  return REGION_IN_HOST.exec(new URL(endpoint).hostname)?.[1];
}

function isRetryableMcpError(error: unknown): boolean {
  return error instanceof McpCallError && error.retryable;
}

export class McpClientPool {
  readonly #endpoint: URL;
  readonly #service: string;
  readonly #signingRegion: string;
  readonly #fetch: typeof fetch | undefined;
  readonly #maxAttempts: number;
  readonly #retryBaseDelayMs: number;
  readonly #callTimeoutMs: number;
  readonly #toolsTtlMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  readonly #clients = new Map<string, PooledClient>();
  #tools: { readonly at: number; readonly tools: Promise<Tool[]> } | undefined;

  public constructor(options: McpClientPoolOptions) {
    this.#endpoint = new URL(options.endpoint);
    this.#service = options.service ?? 'aws-mcp';
    this.#signingRegion = options.signingRegion ?? regionFromEndpoint(options.endpoint) ?? 'us-east-1';
    this.#fetch = options.fetch;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#retryBaseDelayMs = options.retryBaseDelayMs ?? 100;
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.#toolsTtlMs = options.toolsCacheTtlMs ?? 300_000;
    this.#maxClients = options.maxClients ?? 500;
    this.#now = options.now ?? Date.now;
  }

  public async callTool(session: McpSession, request: CallToolRequest): Promise<CallToolResult> {
    return this.#withClient(session, request.signal, async (client) => {
      const result = await client.callTool(
        {
          name: request.toolName,
          arguments: request.arguments,
          ...(request.region ? { _meta: { [REGION_META_KEY]: request.region } } : {}),
        },
        undefined,
        { timeout: this.#callTimeoutMs, signal: request.signal },
      );
      return result as CallToolResult;
    });
  }

  /**
   * Makes the session ready (initialize, initialized) ahead of its first call, with the same
   * retries; a session already open costs nothing.
   */
  public async open(session: McpSession): Promise<void> {
    await this.#withClient(session, undefined, async () => undefined);
  }

  /**
   * The server's tools (tools/list, every page), cached for the TTL whoever asks. The session is
   * asked for only on a cache miss, so a warm answer costs no credentials; concurrent cold calls
   * share the fetch in flight, and a failed one is not cached.
   */
  public async listTools(session: () => Promise<McpSession>): Promise<Tool[]> {
    if (this.#tools && this.#now() - this.#tools.at < this.#toolsTtlMs) return this.#tools.tools;
    const tools = session().then((resolved) =>
      this.#withClient(resolved, undefined, async (client) => {
        const all: Tool[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, {
            timeout: this.#callTimeoutMs,
          });
          all.push(...page.tools);
          cursor = page.nextCursor;
        } while (cursor);
        return all;
      }),
    );
    const entry = { at: this.#now(), tools };
    this.#tools = entry;
    tools.catch(() => {
      // Only this fetch's entry: a newer one started after the TTL ran out stays.
      if (this.#tools === entry) this.#tools = undefined;
    });
    return tools;
  }

  public async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.allSettled(clients.map((pooled) => pooled.client.close()));
  }

  async #withClient<T>(
    session: McpSession,
    signal: AbortSignal | undefined,
    use: (client: Client) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await this.#attempt(session, use);
        } catch (error) {
          // MCP: a 404 to a request carrying a session id means the session is gone; start a new one once.
          if (!(error instanceof StreamableHTTPError && error.code === 404)) throw mapError(error);
          return await this.#attempt(session, use).catch((again: unknown) => {
            throw mapError(again);
          });
        }
      },
      {
        maxAttempts: this.#maxAttempts,
        baseDelayMs: this.#retryBaseDelayMs,
        isRetryable: isRetryableMcpError,
        signal,
      },
    );
  }

  async #attempt<T>(session: McpSession, use: (client: Client) => Promise<T>): Promise<T> {
    const pooled = this.#client(session);
    try {
      await pooled.ready;
      return await use(pooled.client);
    } catch (error) {
      // A dead or expired session is dropped: the next attempt builds and initializes a new one.
      if (isBrokenSession(error)) this.#drop(session.key, pooled);
      throw error;
    }
  }

  #client(session: McpSession): PooledClient {
    const existing = this.#clients.get(session.key);
    if (existing?.accessKeyId === session.credentials.accessKeyId) return existing;
    if (existing) this.#drop(session.key, existing);

    const signedFetch = createSigV4Fetch({
      service: this.#service,
      region: this.#signingRegion,
      credentials: session.credentials,
      ...(this.#fetch ? { fetch: this.#fetch } : {}),
    });
    const transport = new StreamableHTTPClientTransport(this.#endpoint, {
      fetch: (input, init) => (init?.method === 'GET' ? noServerStream() : signedFetch(input, init)),
    });
    const client = new Client(CLIENT_INFO, { capabilities: {}, jsonSchemaValidator: SCHEMA_VALIDATOR });
    const pooled: PooledClient = {
      accessKeyId: session.credentials.accessKeyId,
      client,
      ready: client.connect(transport, { timeout: this.#callTimeoutMs }),
    };
    // A failed initialize must not stay cached: the next call builds a new client.
    pooled.ready.catch(() => this.#drop(session.key, pooled));
    this.#clients.set(session.key, pooled);
    if (this.#clients.size > this.#maxClients) {
      const [oldestKey, oldest] = this.#clients.entries().next().value!;
      this.#drop(oldestKey, oldest);
    }
    return pooled;
  }

  #drop(key: string, pooled: PooledClient): void {
    if (this.#clients.get(key) === pooled) this.#clients.delete(key);
    pooled.client.close().catch(() => undefined);
  }
}

/** Session gone (404) or the connection failed: JSON-RPC and other HTTP errors leave the session usable. */
function isBrokenSession(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 404;
  return !(error instanceof McpError || error instanceof McpCallError || error instanceof BridgeTimeoutError);
}

function mapError(error: unknown): unknown {
  if (error instanceof McpCallError || error instanceof BridgeTimeoutError) return error;
  if (error instanceof StreamableHTTPError) {
    const status = typeof error.code === 'number' && error.code > 0 ? error.code : undefined;
    const retryable = status === 429 || (status !== undefined && status >= 500);
    return new McpCallError(
      `AWS MCP Server answered HTTP ${status ?? 'error'}${describeAwsError(error.message)}`,
      {
        ...(status !== undefined ? { status } : {}),
        retryable,
      },
      { cause: error },
    );
  }
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) {
      return new BridgeTimeoutError('the AWS MCP Server did not answer in time', { cause: error });
    }
    return new McpCallError(
      `AWS MCP Server error ${error.code}: ${error.message}`,
      { retryable: false },
      {
        cause: error,
      },
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new BridgeTimeoutError('the call was cancelled', { cause: error });
  }
  return new McpCallError(
    `AWS MCP Server unreachable: ${messageOf(error)}`,
    { retryable: false },
    { cause: error },
  );
}

/** `: ThrottlingException` from the AWS JSON error body the transport quotes, when there is one. */
function describeAwsError(message: string): string {
  const type = /"__type"\s*:\s*"([^"]+)"/.exec(message)?.[1];
  return type ? `: ${type}` : '';
}
