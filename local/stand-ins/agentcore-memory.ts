/**
 * A stand-in for AgentCore Memory's short-term events on the bedrock-agentcore data plane, reached
 * by the real SDK client through AWS_ENDPOINT_URL_BEDROCK_AGENTCORE (REST JSON, as the SDK's
 * bindings say): CreateEvent `POST /memories/{memoryId}/events`, ListEvents
 * `POST /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}`, DeleteEvent
 * `DELETE /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}/events/{eventId}`. Every request
 * must be SigV4-signed (service `bedrock-agentcore`) with the credentials it hands out (403
 * otherwise); errors come as AWS's (`x-amzn-errortype`: ResourceNotFoundException,
 * ValidationException, ThrottledException); events older than the memory's expiry are gone, as in
 * AWS. Kept in this process, so an agent that restarts against it recalls what it was told.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CredentialStore } from '../sandbox-aws/credentials.ts';
import { verifySigV4 } from '../sandbox-aws/sigv4.ts';
import { listenOnLoopback, readBody } from './http.ts';

export interface StoredEvent {
  readonly eventId: string;
  readonly actorId: string;
  readonly sessionId: string;
  /** Epoch seconds, as the wire carries it. */
  readonly eventTimestamp: number;
  readonly payload: readonly Record<string, unknown>[];
  readonly metadata?: Record<string, unknown>;
}

export interface MemoryCall {
  readonly operation: 'CreateEvent' | 'ListEvents' | 'DeleteEvent' | 'unknown';
  readonly actorId?: string;
  readonly sessionId?: string;
  readonly status: number;
}

export interface LocalAgentCoreMemory {
  /** For AWS_ENDPOINT_URL_BEDROCK_AGENTCORE. */
  readonly endpoint: string;
  readonly memoryId: string;
  readonly region: string;
  /** The only credentials it accepts. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The environment an agent needs to use it (MEMORY_ID, the endpoint, region and keys). */
  readonly env: Readonly<Record<string, string>>;
  readonly calls: MemoryCall[];
  /** Requests refused for their signature. */
  readonly rejected: { readonly reason: string }[];
  /** What it holds for one user's session, oldest first. */
  events(actorId: string, sessionId: string): StoredEvent[];
  /** The next `times` calls of `operation` answer `status` with AWS's error `code`. */
  failNext(operation: MemoryCall['operation'], status: number, code: string, times?: number): void;
  stop(): Promise<void>;
}

export interface LocalAgentCoreMemoryOptions {
  /** @default 'centralops_memory-Loc4lM3m0ry' */
  readonly memoryId?: string;
  /** The memory's event expiry. @default 30 */
  readonly expiryDays?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** ListEvents page size when the caller asks for more. @default 100 */
  readonly maxPageSize?: number;
}

/** AWS's identifier patterns for actors and sessions. */
const ACTOR_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*$/;
const SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;
const ROLES = new Set(['USER', 'ASSISTANT', 'TOOL', 'OTHER']);

class MemoryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startLocalAgentCoreMemory(
  options: LocalAgentCoreMemoryOptions = {},
): Promise<LocalAgentCoreMemory> {
  const memoryId = options.memoryId ?? 'centralops_memory-Loc4lM3m0ry';
  const region = options.region ?? 'us-east-1';
  const expirySeconds = (options.expiryDays ?? 30) * 86_400;
  const now = options.now ?? Date.now;
  const maxPageSize = options.maxPageSize ?? 100;
  const store = new CredentialStore('999999999999');
  const events: StoredEvent[] = [];
  const calls: MemoryCall[] = [];
  const rejected: { reason: string }[] = [];
  const faults = new Map<string, { status: number; code: string; times: number }>();

  const live = (event: StoredEvent) => event.eventTimestamp > now() / 1000 - expirySeconds;
  const ofSession = (actorId: string, sessionId: string) =>
    events
      .filter((event) => event.actorId === actorId && event.sessionId === sessionId && live(event))
      .sort((a, b) => a.eventTimestamp - b.eventTimestamp);

  function checkIds(actorId: unknown, sessionId: unknown): { actorId: string; sessionId: string } {
    if (typeof actorId !== 'string' || actorId.length > 255 || !ACTOR_ID.test(actorId))
      throw new MemoryApiError(400, 'ValidationException', 'actorId is not valid');
    if (typeof sessionId !== 'string' || sessionId.length > 100 || !SESSION_ID.test(sessionId))
      throw new MemoryApiError(400, 'ValidationException', 'sessionId is not valid');
    return { actorId, sessionId };
  }

  function createEvent(body: Record<string, unknown>): unknown {
    const { actorId, sessionId } = checkIds(body.actorId, body.sessionId);
    if (typeof body.eventTimestamp !== 'number')
      throw new MemoryApiError(400, 'ValidationException', 'eventTimestamp is required');
    const payload = body.payload;
    if (!Array.isArray(payload) || payload.length === 0 || payload.length > 100)
      throw new MemoryApiError(400, 'ValidationException', 'payload must hold 1 to 100 items');
    for (const item of payload as Record<string, unknown>[]) {
      const conversational = item?.conversational as
        | { role?: unknown; content?: { text?: unknown } }
        | undefined;
      if (conversational) {
        if (!ROLES.has(String(conversational.role)) || typeof conversational.content?.text !== 'string')
          throw new MemoryApiError(
            400,
            'ValidationException',
            'conversational payload needs a role and text',
          );
        if (conversational.content.text.length > 100_000)
          throw new MemoryApiError(400, 'ValidationException', 'text is too long');
      } else if (item?.blob === undefined) {
        throw new MemoryApiError(400, 'ValidationException', 'payload items are conversational or blob');
      }
    }
    const event: StoredEvent = {
      eventId: `0000001${Date.now()}#${randomUUID().slice(0, 8)}`,
      actorId,
      sessionId,
      eventTimestamp: body.eventTimestamp,
      payload: payload as Record<string, unknown>[],
      ...(body.metadata && typeof body.metadata === 'object'
        ? { metadata: body.metadata as Record<string, unknown> }
        : {}),
    };
    events.push(event);
    return { event: { memoryId, ...event } };
  }

  function listEvents(actorId: string, sessionId: string, body: Record<string, unknown>): unknown {
    checkIds(actorId, sessionId);
    const pageSize = Math.min(typeof body.maxResults === 'number' ? body.maxResults : 20, maxPageSize);
    const start = typeof body.nextToken === 'string' ? Number(body.nextToken) : 0;
    if (!Number.isInteger(start) || start < 0)
      throw new MemoryApiError(400, 'ValidationException', 'bad nextToken');
    const all = ofSession(actorId, sessionId);
    const page = all.slice(start, start + pageSize).map((event) => ({
      memoryId,
      ...event,
      payload: body.includePayloads === false ? [] : event.payload,
    }));
    return {
      events: page,
      ...(start + pageSize < all.length ? { nextToken: String(start + pageSize) } : {}),
    };
  }

  function deleteEvent(actorId: string, sessionId: string, eventId: string): unknown {
    checkIds(actorId, sessionId);
    const index = events.findIndex(
      (event) => event.eventId === eventId && event.actorId === actorId && event.sessionId === sessionId,
    );
    if (index < 0) throw new MemoryApiError(404, 'ResourceNotFoundException', `Event ${eventId} not found`);
    events.splice(index, 1);
    return { eventId };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = (await readBody(request)).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.split('/').map(decodeURIComponent);
    const send = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(body));
    };
    const verdict = await verifySigV4({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body: raw,
      service: 'bedrock-agentcore',
      regions: [region],
      store,
      now: now(),
    });
    if (!verdict.ok) {
      rejected.push({ reason: verdict.reason });
      send(403, { message: verdict.message }, 'AccessDeniedException');
      return;
    }
    // ['', 'memories', id, 'events'] | ['', 'memories', id, 'actor', a, 'sessions', s(, 'events', e)]
    const operation: MemoryCall['operation'] =
      request.method === 'POST' && path.length === 4 && path[3] === 'events'
        ? 'CreateEvent'
        : request.method === 'POST' && path.length === 7 && path[3] === 'actor' && path[5] === 'sessions'
          ? 'ListEvents'
          : request.method === 'DELETE' && path.length === 9 && path[7] === 'events'
            ? 'DeleteEvent'
            : 'unknown';
    let status = 200;
    try {
      const fault = faults.get(operation);
      if (fault && fault.times > 0) {
        fault.times -= 1;
        throw new MemoryApiError(fault.status, fault.code, `injected ${fault.code}`);
      }
      if (operation === 'unknown')
        throw new MemoryApiError(404, 'UnknownOperationException', 'Unknown operation');
      if (path[1] !== 'memories' || path[2] !== memoryId)
        throw new MemoryApiError(404, 'ResourceNotFoundException', `Memory ${path[2]} not found`);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      let result: unknown;
      if (operation === 'CreateEvent') {
        result = createEvent(body);
        status = 201;
      } else if (operation === 'ListEvents') {
        result = listEvents(path[4]!, path[6]!, body);
      } else {
        result = deleteEvent(path[4]!, path[6]!, path[8]!);
      }
      calls.push({ operation, ...idsOf(operation, path, body), status });
      send(status, result);
    } catch (error) {
      const failure =
        error instanceof MemoryApiError
          ? error
          : new MemoryApiError(400, 'ValidationException', `Malformed request: ${String(error)}`);
      calls.push({ operation, status: failure.status });
      send(failure.status, { message: failure.message }, failure.code);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'x-amzn-errortype': 'InternalServerException' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  const listener = await listenOnLoopback(server);
  const endpoint = `http://127.0.0.1:${listener.port}`;
  const credentials = {
    accessKeyId: store.central.accessKeyId,
    secretAccessKey: store.central.secretAccessKey,
  };
  return {
    endpoint,
    memoryId,
    region,
    credentials,
    env: {
      MEMORY_ID: memoryId,
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    calls,
    rejected,
    events: (actorId, sessionId) => ofSession(actorId, sessionId),
    failNext(operation, status, code, times = 1) {
      faults.set(operation, { status, code, times });
    },
    stop: () => listener.stop(),
  };
}

function idsOf(
  operation: MemoryCall['operation'],
  path: readonly string[],
  body: Record<string, unknown>,
): { actorId?: string; sessionId?: string } {
  if (operation === 'CreateEvent')
    return { actorId: String(body.actorId), sessionId: String(body.sessionId) };
  return { actorId: path[4], sessionId: path[6] };
}
