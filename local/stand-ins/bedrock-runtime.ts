/**
 * A stand-in for Bedrock Runtime's ConverseStream, speaking the real wire protocol over HTTP/2 (the
 * SDK's Bedrock Runtime client only speaks HTTP/2; locally cleartext h2c): POST
 * /model/{modelId}/converse-stream answered with `application/vnd.amazon.eventstream` frames
 * (@smithy/eventstream-codec), so the real BedrockRuntimeClient parses them. Reach it with
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME (see `env`). Each test scripts the model's turns as a queue.
 */
import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { readBody } from './http.ts';

/** One content block the scripted model produces. */
export type ScriptedBlock =
  | { readonly text: string }
  | {
      readonly toolUse: {
        readonly name: string;
        readonly input: Record<string, unknown>;
        readonly toolUseId?: string;
      };
    };

/** One scripted model response: content blocks, or an HTTP error the SDK will throw. */
export type ScriptedTurn =
  | { readonly blocks: readonly ScriptedBlock[]; readonly delayMs?: number }
  | { readonly error: { readonly status: number; readonly type: string; readonly message: string } };

export interface ConverseRequestRecord {
  readonly modelId: string;
  readonly body: {
    messages: { role: string; content: Record<string, unknown>[] }[];
    system?: { text: string }[];
    toolConfig?: {
      tools: { toolSpec: { name: string; description: string; inputSchema: { json: unknown } } }[];
    };
  };
}

export interface LocalBedrockRuntimeOptions {
  /** Answered once each, in order. */
  readonly turns?: readonly ScriptedTurn[];
  /** Answered whenever the queue is empty. @default a 500 error */
  readonly fallback?: ScriptedTurn;
}

export interface LocalBedrockRuntime {
  readonly url: string;
  /** `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` plus dummy credentials and region. */
  readonly env: Record<string, string>;
  readonly requests: ConverseRequestRecord[];
  /** Appends turns to the queue. */
  script(...turns: ScriptedTurn[]): void;
  /** Empties the queue and the recorded requests (between tests). */
  reset(): void;
  stop(): Promise<void>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function frame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Text goes out in small pieces, like the real service, so streaming is observable. */
function chunks(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export async function startLocalBedrockRuntime(
  options: LocalBedrockRuntimeOptions = {},
): Promise<LocalBedrockRuntime> {
  const queue: ScriptedTurn[] = [...(options.turns ?? [])];
  const requests: ConverseRequestRecord[] = [];
  let toolUseCounter = 0;

  async function handle(request: Http2ServerRequest, response: Http2ServerResponse): Promise<void> {
    const match = /^\/model\/([^/]+)\/converse-stream$/.exec(request.url ?? '');
    const raw = (await readBody(request)).toString('utf8');
    if (request.method !== 'POST' || !match) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Not found' }));
      return;
    }
    requests.push({ modelId: decodeURIComponent(match[1]!), body: JSON.parse(raw) });
    const turn = queue.shift() ?? options.fallback;
    if (!turn || 'error' in turn) {
      const error =
        turn && 'error' in turn
          ? turn.error
          : { status: 500, type: 'InternalServerException', message: 'No scripted turn left' };
      response
        .writeHead(error.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': `${error.type}:http://internal.amazon.com/`,
        })
        .end(JSON.stringify({ message: error.message }));
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': `req-${requests.length}`,
    });
    const send = async (eventType: string, payload: unknown): Promise<void> => {
      response.write(frame(eventType, payload));
      if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
    };
    await send('messageStart', { role: 'assistant' });
    let index = 0;
    for (const block of turn.blocks) {
      if ('text' in block) {
        for (const piece of chunks(block.text))
          await send('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } });
      } else {
        const toolUseId = block.toolUse.toolUseId ?? `tooluse_${++toolUseCounter}`;
        await send('contentBlockStart', {
          contentBlockIndex: index,
          start: { toolUse: { toolUseId, name: block.toolUse.name } },
        });
        await send('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { toolUse: { input: JSON.stringify(block.toolUse.input) } },
        });
      }
      await send('contentBlockStop', { contentBlockIndex: index });
      index++;
    }
    const stopReason = turn.blocks.some((b) => 'toolUse' in b) ? 'tool_use' : 'end_turn';
    await send('messageStop', { stopReason });
    await send('metadata', {
      usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20 },
      metrics: { latencyMs: 1 },
    });
    response.end();
  }

  const sessions = new Set<Http2Session>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500).end(JSON.stringify({ message: error.message }));
      else response.end();
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALBEDROCK',
      AWS_SECRET_ACCESS_KEY: 'local-bedrock-secret',
    },
    requests,
    script: (...turns) => queue.push(...turns),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions) session.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
