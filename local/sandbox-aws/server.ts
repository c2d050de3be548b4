/**
 * The loopback HTTP server: reads each request, routes /mcp to the MCP look-alike, the JSON
 * protocols of Secrets Manager and Organizations (by X-Amz-Target) to their stand-ins and the rest
 * to STS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageOf } from '#common/errors.ts';
import type { SandboxRequest, SandboxResponse } from './http-types.ts';
import { ORGANIZATIONS_TARGET_PREFIX } from './organizations.ts';
import { SECRETS_MANAGER_TARGET_PREFIX } from './secrets-manager.ts';

export type Route = (request: SandboxRequest) => Promise<SandboxResponse>;

export interface Routes {
  readonly sts: Route;
  readonly mcp: Route;
  readonly secretsManager: Route;
  readonly organizations: Route;
}

export interface SandboxServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;
const CLOSE_GRACE_MS = 500;

export async function listen(routes: Routes): Promise<SandboxServer> {
  const server: Server = createServer((req, res) => {
    void serve(routes, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    // Lets answers already being written finish, then cuts whatever is still open.
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function serve(routes: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  try {
    const body = await readBody(req);
    if (body === undefined) {
      write(res, {
        status: 413,
        headers: { 'content-type': 'text/plain' },
        body: 'Request Entity Too Large',
      });
      return;
    }
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
      signal: aborted.signal,
    };
    const path = new URL(request.url, 'http://sandbox.invalid').pathname;
    const response = await route(routes, path, request)(request);
    if (!aborted.signal.aborted) write(res, withServerTiming(response, startedAt));
  } catch (error) {
    if (res.headersSent || aborted.signal.aborted) {
      res.destroy();
      return;
    }
    write(res, {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ __type: 'InternalFailure', message: messageOf(error) }),
    });
  }
}

function route(routes: Routes, path: string, request: SandboxRequest): Route {
  if (path === '/mcp') return routes.mcp;
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith(SECRETS_MANAGER_TARGET_PREFIX))
    return routes.secretsManager;
  if (typeof target === 'string' && target.startsWith(ORGANIZATIONS_TARGET_PREFIX))
    return routes.organizations;
  return routes.sts;
}

/**
 * Server-Timing (`sandbox;dur=<ms>`): the look-alike's own time on a request, injected latency
 * included, so a client can tell its own overhead from the server's (bench/bridge.ts).
 */
function withServerTiming(response: SandboxResponse, startedAt: number): SandboxResponse {
  const dur = (performance.now() - startedAt).toFixed(3);
  return { ...response, headers: { ...response.headers, 'server-timing': `sandbox;dur=${dur}` } };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, response: SandboxResponse): void {
  if (typeof response.body === 'string') {
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
    return;
  }
  res.writeHead(response.status, {
    ...response.headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const event of response.body.sse) res.write(`event: message\ndata: ${event}\n\n`);
  res.end();
}
