/**
 * What the runtime server needs from the raw HTTP request that BedrockAgentCoreApp's handler context
 * does not carry: the runtime user id header (the context keeps only Authorization and Custom-*
 * headers) and, when the session header is absent, a session id derived from the chat thread and user.
 * A JSON body parser (the app's documented `contentTypeParsers` option) wraps the parsed body with
 * both, and with the caller's trace context, so nothing about who is asking can come from the body.
 */
import { randomUUID } from 'node:crypto';
import { messageOf } from '#common/errors.ts';
import type { Conversation } from '#contracts/agent-events.ts';
import { RUNTIME_HEADERS, runtimeSessionId } from '#contracts/runtime-request.ts';
import { type TraceContext, traceFromHeaders } from '#contracts/trace.ts';

/** The parsed body plus what the headers said; `sessionId` is what BedrockAgentCoreApp reads. */
export class InvocationEnvelope {
  constructor(
    readonly body: unknown,
    readonly runtimeUserId: string | undefined,
    /** Only set when the session header is absent (the app prefers the header). */
    readonly sessionId: string | undefined,
    /** The caller's trace (`traceparent` / `X-Amzn-Trace-Id`), when it sent one. */
    readonly trace: TraceContext | undefined = undefined,
  ) {}
}

/** The part of Fastify's request the parser reads. */
interface RequestWithHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

function header(request: RequestWithHeaders, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/** The session the bot would have named for this thread and user (the body is not validated yet). */
function conversationSessionId(body: unknown, runtimeUserId: string | undefined): string | undefined {
  const conversation = (body as { conversation?: Record<string, unknown> } | null)?.conversation;
  if (!conversation || typeof conversation !== 'object') return undefined;
  const field = (key: string) => String(conversation[key] ?? '');
  return runtimeSessionId(
    {
      platform: field('platform') as Conversation['platform'],
      workspace: field('workspace'),
      channel: field('channel'),
      thread: field('thread'),
    },
    runtimeUserId ?? '',
  );
}

/** The `parser` for application/json in BedrockAgentCoreApp's contentTypeParsers. */
export async function parseInvocation(
  request: RequestWithHeaders,
  raw: string | Buffer,
): Promise<InvocationEnvelope> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString());
  } catch (error) {
    throw Object.assign(new Error(`Invalid JSON body: ${messageOf(error)}`), { statusCode: 400 });
  }
  const runtimeUserId = header(request, RUNTIME_HEADERS.userId);
  // Without a thread to key on (a malformed body), the turn still gets a session of its own.
  const sessionId = header(request, RUNTIME_HEADERS.sessionId)
    ? undefined
    : (conversationSessionId(body, runtimeUserId) ?? `request-${randomUUID()}`);
  const trace = traceFromHeaders(
    Object.fromEntries(Object.keys(request.headers).map((name) => [name, header(request, name)])),
  );
  return new InvocationEnvelope(body, runtimeUserId, sessionId, trace);
}
