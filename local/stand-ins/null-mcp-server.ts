/**
 * An MCP endpoint that answers at once with a canned result (and the sandbox's tools/list) and
 * checks nothing, for bench/bridge.ts:
 * the handler's time against it is the bridge's own overhead, HTTP client included.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { TOOL_DEFINITIONS } from '../sandbox-aws/index.ts';
import { listenOnLoopback, readBody } from './http.ts';

export interface NullMcpServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** @param resultText the text every tools/call answers with */
export async function startNullMcpServer(resultText: string): Promise<NullMcpServer> {
  const server = createServer(async (request, response) => {
    const message = JSON.parse((await readBody(request)).toString('utf8') || '{}') as {
      id?: number;
      method?: string;
      params?: unknown;
    };
    if (message.id === undefined) {
      response.writeHead(202).end();
      return;
    }
    const result =
      message.method === 'initialize'
        ? {
            protocolVersion:
              (message.params as { protocolVersion?: string })?.protocolVersion ?? '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'null-mcp', version: '1' },
          }
        : message.method === 'tools/list'
          ? { tools: TOOL_DEFINITIONS }
          : { content: [{ type: 'text', text: resultText }], isError: false };
    response
      .writeHead(200, {
        'content-type': 'application/json',
        ...(message.method === 'initialize' ? { 'mcp-session-id': randomUUID() } : {}),
      })
      .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
  });
  const { port, stop } = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}/mcp`, stop };
}
