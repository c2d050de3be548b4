/**
 * A small stand-in for the bedrock-agentcore data plane's InvokeAgentRuntime
 * (`POST /runtimes/{agentRuntimeArn}/invocations?qualifier=…`), reached by the real SDK through
 * AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: it checks the SigV4 signature (service bedrock-agentcore)
 * by re-signing the request, records the runtime user and session headers, and streams SSE back
 * the way the runtime relays the agent's response.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { listenOnLoopback, readBody } from './http.ts';

export interface InvocationRecord {
  readonly agentRuntimeArn: string;
  readonly qualifier: string | undefined;
  readonly runtimeUserId: string | undefined;
  readonly runtimeSessionId: string | undefined;
  /** True when the Authorization header is a valid SigV4 signature over the request. */
  readonly signatureValid: boolean;
  readonly signedHeaders: readonly string[];
  readonly body: string;
}

/** Writes the SSE response for one invocation; `write` sends bytes at once. */
export type InvocationScript = (call: InvocationRecord, write: (chunk: string) => void) => Promise<void>;

export interface AgentCoreDataPlane {
  readonly endpoint: string;
  readonly calls: InvocationRecord[];
  script(script: InvocationScript): void;
  stop(): Promise<void>;
}

export const DATA_PLANE_CREDENTIALS = {
  accessKeyId: 'AKIADATAPLANETEST000',
  secretAccessKey: 'data-plane-test-secret',
};
const REGION = 'us-east-1';

export async function startAgentCoreDataPlane(): Promise<AgentCoreDataPlane> {
  const calls: InvocationRecord[] = [];
  let current: InvocationScript = async () => undefined;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/runtimes\/([^/]+)\/invocations$/.exec(url.pathname);
    if (request.method !== 'POST' || !match?.[1]) {
      response.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      response.end(JSON.stringify({ message: 'Unknown operation' }));
      return;
    }
    const { valid, signedHeaders } = await verifySignature(request, url, body);
    const header = (name: string) => request.headers[name] as string | undefined;
    const call: InvocationRecord = {
      agentRuntimeArn: decodeURIComponent(match[1]),
      qualifier: url.searchParams.get('qualifier') ?? undefined,
      runtimeUserId: header('x-amzn-bedrock-agentcore-runtime-user-id'),
      runtimeSessionId: header('x-amzn-bedrock-agentcore-runtime-session-id'),
      signatureValid: valid,
      signedHeaders,
      body: body.toString('utf8'),
    };
    calls.push(call);
    if (!valid) {
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'AccessDeniedException',
      });
      response.end(JSON.stringify({ message: 'The request signature we calculated does not match' }));
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'x-amzn-bedrock-agentcore-runtime-session-id': call.runtimeSessionId ?? '',
    });
    response.flushHeaders();
    await current(call, (chunk) => response.write(chunk));
    response.end();
  }

  const { port, stop } = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    script(script) {
      current = script;
    },
    stop,
  };
}

/** Re-signs the request as received with the known test credentials and compares signatures. */
async function verifySignature(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
): Promise<{ valid: boolean; signedHeaders: string[] }> {
  const authorization = String(request.headers.authorization ?? '');
  const parsed = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
    authorization,
  );
  const amzDate = request.headers['x-amz-date'];
  if (!parsed?.[1] || !parsed[2] || !parsed[3] || typeof amzDate !== 'string')
    return { valid: false, signedHeaders: [] };
  const [accessKeyId, , region, service] = parsed[1].split('/');
  const signedHeaders = parsed[2].split(';');
  if (
    accessKeyId !== DATA_PLANE_CREDENTIALS.accessKeyId ||
    region !== REGION ||
    service !== 'bedrock-agentcore'
  ) {
    return { valid: false, signedHeaders };
  }
  const headers = Object.fromEntries(
    signedHeaders.map((name) => [name, String(request.headers[name] ?? '')]),
  );
  const signer = new SignatureV4({
    service: 'bedrock-agentcore',
    region: REGION,
    credentials: DATA_PLANE_CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    }),
    { signingDate: parseAmzDate(amzDate) },
  );
  return { valid: signed.headers.authorization === authorization, signedHeaders };
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : new Date(Number.NaN);
}
