/**
 * Serves the Teams handler over plain HTTP at /api/messages for local runs (npm start, the
 * Agents Playground, tests): each request becomes the Lambda payload 2.0 event the Function URL
 * would deliver. Listens on 127.0.0.1, a free port unless one is given.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsHttpHandler } from './ack-handler.ts';

export interface TeamsLocalServerOptions {
  readonly handler: TeamsHttpHandler;
  /** @default 0 (a free port) */
  readonly port?: number;
}

export interface TeamsLocalServer {
  /** `http://127.0.0.1:<port>/api/messages` */
  readonly url: string;
  stop(): Promise<void>;
}

export const MESSAGES_PATH = '/api/messages';

export async function startTeamsLocalServer(options: TeamsLocalServerOptions): Promise<TeamsLocalServer> {
  const server = createServer((req, res) => {
    void (async () => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== MESSAGES_PATH) {
        res.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const result = await options.handler({
        headers,
        body: await readBody(req),
        isBase64Encoded: false,
        requestContext: { http: { method: req.method ?? 'GET' } },
      });
      res.writeHead(result.statusCode, result.headers).end(result.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${MESSAGES_PATH}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
