/**
 * A local AgentCore Gateway: an MCP streamable-HTTP server (the SDK's server side, stateless) that
 * lists the bridge tools (contracts/bridge-tools) as `centralops___<tool>` and invokes the bridge's Lambda handler the way the
 * Gateway's Lambda target does: the tool arguments flat as the event, the prefixed tool name in
 * `context.clientContext.custom.bedrockAgentCoreToolName`. Inbound is IAM: every request must carry
 * a valid SigV4 signature (service `bedrock-agentcore`) by the credentials this gateway hands out,
 * checked with the sandbox's verifier, as the real Gateway rejects unsigned callers. The caller's
 * trace header (`X-Amzn-Trace-Id` / `traceparent`) is continued into the Lambda invocation, as the
 * Gateway's Lambda target continues it into a function with active tracing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { handler as bridgeHandler } from '#bridge/src/handler.ts';
import { messageOf } from '#common/errors.ts';
import { BRIDGE_TARGET_NAME, gatewayToolDefinitions } from '#contracts/bridge-tools/index.ts';
import { type TraceContext, traceFromHeaders } from '#contracts/trace.ts';
import { CredentialStore } from '../sandbox-aws/credentials.ts';
import { verifySigV4 } from '../sandbox-aws/sigv4.ts';
import { readBody } from './http.ts';
import { asLambdaInvocation } from './lambda-invocation.ts';

/**
 * One validator for every request's server (the server is stateless, one per request): each SDK
 * Server would otherwise build its own Ajv instance, milliseconds a call.
 */
const SCHEMA_VALIDATOR = new AjvJsonSchemaValidator();

/** The Lambda context fields a Gateway Lambda target receives. */
export interface GatewayLambdaContext {
  readonly awsRequestId: string;
  readonly clientContext: { readonly custom: Record<string, string> };
}

export type GatewayTargetHandler = (
  event: Record<string, unknown>,
  context: GatewayLambdaContext,
) => Promise<unknown>;

export interface LocalGatewayOptions {
  /** The Lambda target. @default bridge/src/handler.ts's handler */
  readonly handler?: GatewayTargetHandler;
  /** SigV4 region the callers sign for. @default 'us-east-1' */
  readonly region?: string;
}

export interface ToolInvocationRecord {
  readonly toolName: string;
  readonly event: Record<string, unknown>;
}

export interface LocalGateway {
  /** The MCP endpoint, like the Gateway's `https://<id>.gateway.bedrock-agentcore.<region>.amazonaws.com/mcp`. */
  readonly url: string;
  /** The only credentials the gateway accepts (the runtime role's, in production). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region: string;
  /** Every Lambda invocation, in order. */
  readonly invocations: ToolInvocationRecord[];
  /** Requests refused for a bad or missing signature. */
  readonly rejected: { reason: string }[];
  /** The X-Ray trace id each Lambda invocation ran in, in order. */
  readonly traceIds: string[];
  stop(): Promise<void>;
}

export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const region = options.region ?? 'us-east-1';
  const store = new CredentialStore('999999999999');
  const invocations: ToolInvocationRecord[] = [];
  const rejected: { reason: string }[] = [];
  const traceIds: string[] = [];
  const handler = options.handler ?? bridgeHandler;
  let counter = 0;
  const prefix = `${BRIDGE_TARGET_NAME}___`;
  const tools = gatewayToolDefinitions();

  function mcpServer(trace: TraceContext | undefined): Server {
    const server = new Server(
      { name: 'centralops-local-gateway', version: '0.1.0' },
      { capabilities: { tools: {} }, jsonSchemaValidator: SCHEMA_VALIDATOR },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: tools.map((tool) => ({
        name: `${prefix}${tool.name}`,
        description: tool.description,
        inputSchema: tool.inputSchema as { type: 'object'; properties?: Record<string, object> },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const toolName = request.params.name;
      if (!toolName.startsWith(prefix) || !tools.some((t) => `${prefix}${t.name}` === toolName)) {
        return { isError: true, content: [{ type: 'text' as const, text: `Unknown tool: ${toolName}` }] };
      }
      const event = { ...(request.params.arguments ?? {}) };
      invocations.push({ toolName, event });
      const awsRequestId = `local-${++counter}`;
      try {
        const result = await asLambdaInvocation(trace, () => {
          traceIds.push(
            globalThis.awslambda?.InvokeStore?.getXRayTraceId()?.match(/Root=([^;]+)/)?.[1] ?? '',
          );
          return handler(event, {
            awsRequestId,
            clientContext: {
              custom: {
                bedrockAgentCoreToolName: toolName,
                bedrockAgentCoreGatewayId: 'local-gateway',
                bedrockAgentCoreTargetId: BRIDGE_TARGET_NAME,
                bedrockAgentCoreMessageVersion: '1.0',
                bedrockAgentCoreAwsRequestId: awsRequestId,
              },
            },
          });
        });
        return { content: [{ type: 'text' as const, text: JSON.stringify(result) }] };
      } catch (error) {
        // A Lambda that throws reaches the caller as a tool error, as the Gateway relays it.
        return {
          isError: true,
          content: [{ type: 'text' as const, text: `Lambda error: ${messageOf(error)}` }],
        };
      }
    });
    return server;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = (await readBody(request)).toString('utf8');
    const verdict = await verifySigV4({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body,
      service: 'bedrock-agentcore',
      regions: [region],
      store,
      now: Date.now(),
    });
    if (!verdict.ok) {
      rejected.push({ reason: verdict.reason });
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: verdict.message }));
      return;
    }
    const server = mcpServer(
      traceFromHeaders(
        Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value[0] : value,
          ]),
        ),
      ),
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body ? JSON.parse(body) : undefined);
  }

  const http = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500).end(JSON.stringify({ message: error.message }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return {
    url,
    credentials: { accessKeyId: store.central.accessKeyId, secretAccessKey: store.central.secretAccessKey },
    region,
    invocations,
    rejected,
    traceIds,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
