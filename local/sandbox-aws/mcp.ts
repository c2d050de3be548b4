/**
 * The AWS MCP Server look-alike at /mcp: MCP streamable HTTP (JSON-RPC 2.0 over POST, answered as
 * JSON or SSE), every request SigV4-verified (service aws-mcp, us-east-1) against the credentials
 * STS issued or the central account's own, with injected latency and faults applied per account.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialStore, KnownCredentials } from './credentials.ts';
import type { FaultPlan } from './faults.ts';
import type { SandboxRequest, SandboxResponse } from './http-types.ts';
import { JSON_AUTH_ERRORS, verifySigV4 } from './sigv4.ts';
import { callTool, TOOL_DEFINITIONS, type ToolContext } from './tools.ts';
import type { McpCallRecord, ResponseMode } from './types.ts';

export interface McpContext extends ToolContext {
  readonly store: CredentialStore;
  readonly faults: FaultPlan;
  readonly calls: McpCallRecord[];
  readonly sessions: Set<string>;
  readonly responseMode: () => ResponseMode;
  readonly timeoutHoldMs: number;
  /** Names of the tools served. */
  readonly tools: ReadonlySet<string>;
}

// The versions @modelcontextprotocol/sdk negotiates; the newest is answered when the client's is unknown.
const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;
const SIGNING_SERVICE = 'aws-mcp';
const SIGNING_REGIONS = ['us-east-1'];

interface JsonRpcMessage {
  readonly jsonrpc?: unknown;
  readonly id?: string | number | null;
  readonly method?: unknown;
  readonly params?: { readonly _meta?: Record<string, unknown>; readonly [key: string]: unknown };
}

export async function handleMcp(ctx: McpContext, request: SandboxRequest): Promise<SandboxResponse> {
  const message = parseMessage(request);
  const rpcMethod = typeof message?.method === 'string' ? message.method : request.method;
  const metaRegion = stringOrUndefined(message?.params?._meta?.AWS_REGION);
  const auth = await verifySigV4({
    ...request,
    service: SIGNING_SERVICE,
    regions: SIGNING_REGIONS,
    store: ctx.store,
    now: ctx.now(),
  });
  if (!auth.ok) {
    const credentials = auth.credentials;
    ctx.calls.push({
      method: rpcMethod,
      accountId: credentials?.accountId ?? '',
      status: 403,
      ...(credentials?.kind === 'session' && credentials.sourceIdentity
        ? { sourceIdentity: credentials.sourceIdentity }
        : {}),
    });
    return awsError(403, JSON_AUTH_ERRORS[auth.reason], auth.message);
  }
  // Any identity AWS knows may call the server; AWS API calls act in the caller's own account.
  const caller = auth.credentials;
  const record = (entry: Omit<McpCallRecord, 'accountId' | 'sourceIdentity'>): void => {
    ctx.calls.push({
      ...entry,
      accountId: caller.accountId,
      ...(caller.kind === 'session' && caller.sourceIdentity
        ? { sourceIdentity: caller.sourceIdentity }
        : {}),
    });
  };
  const response = await dispatch(ctx, request, message, caller);
  const toolName = message?.method === 'tools/call' ? stringOrUndefined(message.params?.name) : undefined;
  const region = response.region ?? metaRegion;
  record({
    method: rpcMethod,
    status: response.http.status,
    ...(toolName ? { toolName } : {}),
    ...(region ? { region } : {}),
    ...(response.isError !== undefined ? { isError: response.isError } : {}),
  });
  return response.http;
}

interface Dispatched {
  readonly http: SandboxResponse;
  readonly region?: string;
  readonly isError?: boolean;
}

async function dispatch(
  ctx: McpContext,
  request: SandboxRequest,
  message: JsonRpcMessage | undefined | null,
  caller: KnownCredentials,
): Promise<Dispatched> {
  if (request.method === 'GET') {
    // No server-initiated stream: the spec lets a server refuse GET with 405.
    return {
      http: {
        status: 405,
        headers: { allow: 'POST, DELETE', 'content-type': 'text/plain' },
        body: 'Method Not Allowed',
      },
    };
  }
  if (request.method === 'DELETE') {
    const sessionId = header(request, 'mcp-session-id');
    if (!sessionId || !ctx.sessions.delete(sessionId))
      return { http: rpcError(404, null, -32001, 'Session not found') };
    return { http: { status: 200, headers: {}, body: '' } };
  }
  if (request.method !== 'POST') {
    return { http: { status: 405, headers: { allow: 'POST, DELETE' }, body: 'Method Not Allowed' } };
  }
  const accept = header(request, 'accept') ?? '';
  const acceptsJson = /application\/json|\*\/\*/.test(accept);
  const acceptsSse = accept.includes('text/event-stream');
  if (!acceptsJson && !acceptsSse) {
    return {
      http: rpcError(
        406,
        null,
        -32000,
        'Not Acceptable: Client must accept application/json or text/event-stream',
      ),
    };
  }
  if (!(header(request, 'content-type') ?? '').includes('application/json')) {
    return {
      http: rpcError(415, null, -32000, 'Unsupported Media Type: Content-Type must be application/json'),
    };
  }
  if (message === null) return { http: rpcError(400, null, -32700, 'Parse error') };
  if (!message || Array.isArray(message) || message.jsonrpc !== '2.0') {
    return { http: rpcError(400, null, -32600, 'Invalid Request') };
  }
  const version = header(request, 'mcp-protocol-version');
  if (version && !(PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
    return { http: rpcError(400, null, -32000, `Bad Request: Unsupported protocol version: ${version}`) };
  }
  const isRequest = message.id !== undefined && typeof message.method === 'string';
  const answer = (result: unknown, extraHeaders: Record<string, string> = {}): SandboxResponse =>
    rpcResult(ctx, acceptsJson, acceptsSse, { jsonrpc: '2.0', id: message.id, result }, extraHeaders);

  if (message.method === 'initialize') {
    await ctx.faults.wait(ctx.faults.handshakeLatencyMs, request.signal);
    const sessionId = randomUUID();
    ctx.sessions.add(sessionId);
    const requested = stringOrUndefined(message.params?.protocolVersion);
    const protocolVersion =
      requested && (PROTOCOL_VERSIONS as readonly string[]).includes(requested)
        ? requested
        : PROTOCOL_VERSIONS[0];
    return {
      http: answer(
        {
          protocolVersion,
          capabilities: { tools: { listChanged: false } },
          serverInfo: { name: 'aws-mcp', version: '1.0.0' },
          instructions: 'AWS MCP Server (CentralOps sandbox): run AWS API calls with aws___run_script.',
        },
        { 'mcp-session-id': sessionId },
      ),
    };
  }
  const sessionId = header(request, 'mcp-session-id');
  if (!sessionId)
    return { http: rpcError(400, null, -32000, 'Bad Request: Mcp-Session-Id header is required') };
  if (!ctx.sessions.has(sessionId)) return { http: rpcError(404, null, -32001, 'Session not found') };
  if (!isRequest) return { http: { status: 202, headers: {}, body: '' } };

  const latency = ctx.faults.latencyFor(caller.accountId);
  if ((await ctx.faults.wait(latency, request.signal)) !== 'elapsed' && latency > 0) {
    return { http: awsError(503, 'ServiceUnavailableException', 'The service is shutting down.') };
  }
  switch (message.method) {
    case 'ping':
      return { http: answer({}) };
    case 'tools/list':
      return { http: answer({ tools: TOOL_DEFINITIONS.filter((tool) => ctx.tools.has(tool.name)) }) };
    case 'tools/call': {
      const fault = ctx.faults.take(caller.accountId);
      if (fault === 'throttle') return { http: awsError(429, 'ThrottlingException', 'Rate exceeded') };
      if (fault === 'server_error') {
        return { http: awsError(503, 'ServiceUnavailableException', 'Service unavailable, please retry.') };
      }
      if (fault === 'timeout') {
        const outcome = await ctx.faults.wait(ctx.timeoutHoldMs, request.signal);
        return {
          http: awsError(
            outcome === 'released' ? 503 : 504,
            outcome === 'released' ? 'ServiceUnavailableException' : 'GatewayTimeoutException',
            'The request timed out.',
          ),
        };
      }
      const name = stringOrUndefined(message.params?.name) ?? '';
      const args = message.params?.arguments;
      const outcome = !ctx.tools.has(name)
        ? ({ kind: 'unknown-tool' } as const)
        : callTool(ctx, name, isRecord(args) ? args : {}, {
            caller,
            metaRegion: stringOrUndefined(message.params?._meta?.AWS_REGION),
            denyAccess: fault === 'access_denied',
          });
      if (outcome.kind === 'unknown-tool') {
        return {
          http: rpcResult(ctx, acceptsJson, acceptsSse, {
            jsonrpc: '2.0',
            id: message.id,
            error: { code: -32602, message: `Unknown tool: ${name}` },
          }),
        };
      }
      return { http: answer(outcome.result), region: outcome.region, isError: outcome.result.isError };
    }
    default:
      return {
        http: rpcResult(ctx, acceptsJson, acceptsSse, {
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32601, message: `Method not found: ${String(message.method)}` },
        }),
      };
  }
}

function rpcResult(
  ctx: McpContext,
  acceptsJson: boolean,
  acceptsSse: boolean,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
): SandboxResponse {
  const mode = ctx.responseMode();
  const sse = acceptsSse && (!acceptsJson || mode === 'sse');
  const json = JSON.stringify(payload);
  return sse
    ? { status: 200, headers: extraHeaders, body: { sse: [json] } }
    : { status: 200, headers: { 'content-type': 'application/json', ...extraHeaders }, body: json };
}

function rpcError(status: number, id: null, code: number, message: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }),
  };
}

/** AWS-style JSON error (as the service front door answers before MCP is reached). */
function awsError(status: number, type: string, message: string): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomUUID(),
    },
    body: JSON.stringify({ __type: type, message }),
  };
}

/** undefined: no body; null: a body that is not JSON. */
function parseMessage(request: SandboxRequest): JsonRpcMessage | undefined | null {
  if (!request.body) return undefined;
  try {
    return JSON.parse(request.body) as JsonRpcMessage;
  } catch {
    return null;
  }
}

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
