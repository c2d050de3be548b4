/**
 * A local Bot Framework connector (the `serviceUrl` Teams hands a bot) speaking the v3 REST
 * protocol, so botbuilder's real ConnectorClient runs against it. It records every activity the
 * bot sends and enforces the Teams rules the bot must respect: native streaming (streaminfo)
 * only in personal chats with a sequence starting at 1 and increasing, the message size limit,
 * and 429 throttling with Retry-After on demand. It also answers member lookups from a roster.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody } from './http.ts';

export interface RecordedActivity {
  readonly method: 'POST' | 'PUT';
  /** Decoded conversation id from the path (`19:…@thread.tacv2;messageid=…` for a channel thread). */
  readonly conversationId: string;
  /** POST …/activities/{replyToId}: the activity replied to. */
  readonly replyToId?: string;
  /** The id the connector assigned (POST) or the id updated (PUT). */
  readonly activityId: string;
  readonly activity: Record<string, unknown>;
  /** Status the connector answered with; refused requests are recorded too. */
  readonly status: number;
  readonly at: number;
}

export interface CreatedConversation {
  readonly id: string;
  readonly parameters: Record<string, unknown>;
}

export interface BotConnector {
  /** `http://127.0.0.1:<port>/`: put it in the activity's `serviceUrl`. */
  readonly serviceUrl: string;
  /** Every activity request in arrival order, refused ones included (check `status`). */
  readonly activities: RecordedActivity[];
  /** POST /v3/conversations requests (proactive 1:1 chats). */
  readonly conversations: CreatedConversation[];
  /** Answers the next `times` activity requests with 429 and `Retry-After: retryAfterSec`. */
  throttle(times: number, retryAfterSec: number): void;
  /** Answers the next `times` activity requests with `status` (412, 502, 504, ...). */
  fail(status: number, times: number): void;
  /** Answers the next `times` POST /v3/conversations with `status` (403: the user blocked the bot). */
  failConversations(status: number, times: number): void;
  /** Resolves once `count` activity requests have arrived, refused ones included (a state, not a delay). */
  received(count: number): Promise<void>;
  /** Activities accepted (2xx) in `conversationId`, in order. */
  accepted(conversationId?: string): RecordedActivity[];
  /**
   * Lists a user in the roster GET /v3/conversations/{id}/members/{member id} answers from, as
   * Teams returns them (a TeamsChannelAccount, `mail` as both email and user principal name); an
   * unknown member is 404 MemberNotFoundInConversation.
   */
  addMember(user: { id: string; name: string; aadObjectId: string }, mail: string, tenantId: string): void;
  stop(): Promise<void>;
}

/** Teams refuses messages above about 28 KB (the whole activity JSON). */
const MAX_ACTIVITY_BYTES = 28_000;

interface StreamState {
  lastSequence: number;
  final: boolean;
}

/** Starts the connector stand-in on 127.0.0.1, port 0. */
export async function startBotConnector(): Promise<BotConnector> {
  const activities: RecordedActivity[] = [];
  const conversations: CreatedConversation[] = [];
  const streams = new Map<string, StreamState>();
  const members = new Map<string, Record<string, unknown>>();
  let injected: { status: number; left: number; retryAfterSec?: number } | undefined;
  let injectedConversations: { status: number; left: number } | undefined;
  let nextId = 1;
  const waiters = new Set<{ count: number; resolve: () => void }>();

  const server = createServer((req, res) => {
    void readJson(req)
      .then((body) => route(req, res, body))
      .catch((error: unknown) => send(res, 400, { error: { code: 'BadRequest', message: String(error) } }));
  });

  function settleWaiters(): void {
    for (const waiter of [...waiters]) {
      if (activities.length >= waiter.count) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  function route(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/v3/conversations') {
      if (injectedConversations && injectedConversations.left > 0) {
        injectedConversations.left -= 1;
        send(res, injectedConversations.status, { error: { code: 'Injected', message: 'injected failure' } });
        return;
      }
      const channel = (body.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
      if (typeof channel === 'string' && body.activity) {
        // A new thread in a channel: its first message is the activity, its id the root's.
        const activityId = String(nextId++);
        const id = `${channel};messageid=${activityId}`;
        conversations.push({ id, parameters: body });
        activities.push({
          method: 'POST',
          conversationId: id,
          activityId,
          activity: body.activity as Record<string, unknown>,
          status: 201,
          at: Date.now(),
        });
        settleWaiters();
        send(res, 201, { id, activityId });
        return;
      }
      const id = `a:proactive-${randomUUID()}`;
      conversations.push({ id, parameters: body });
      send(res, 201, { id });
      return;
    }
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      const account = members.get(decodeURIComponent(member[1]!));
      if (account) send(res, 200, account);
      else send(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'Member not found' } });
      return;
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
      send(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const pathActivityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const method = req.method;
    const record = (status: number, activityId: string): void => {
      activities.push({
        method,
        conversationId,
        ...(method === 'POST' && pathActivityId ? { replyToId: pathActivityId } : {}),
        activityId,
        activity: body,
        status,
        at: Date.now(),
      });
      settleWaiters();
    };
    if (injected && injected.left > 0) {
      injected.left -= 1;
      record(injected.status, '');
      send(
        res,
        injected.status,
        { error: { code: 'Injected', message: 'injected failure' } },
        injected.retryAfterSec,
      );
      return;
    }
    if (Buffer.byteLength(JSON.stringify(body)) > MAX_ACTIVITY_BYTES) {
      record(413, '');
      send(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too large' } });
      return;
    }
    if (method === 'PUT') {
      const id = pathActivityId ?? '';
      record(200, id);
      send(res, 200, { id });
      return;
    }
    const refusal = checkStream(body);
    if (refusal) {
      record(refusal.status, '');
      send(res, refusal.status, { error: refusal.error });
      return;
    }
    const info = streamInfo(body);
    if (info?.streamId) {
      // Continuing or ending a stream: Teams answers 202 with an empty body.
      record(202, info.streamId);
      send(res, 202, {});
      return;
    }
    const id = String(nextId++);
    if (info) streams.set(id, { lastSequence: info.streamSequence ?? 0, final: false });
    record(201, id);
    send(res, 201, { id });
  }

  /** Teams' streaming rules (learn.microsoft.com/microsoftteams/platform/bots/streaming-ux). */
  function checkStream(body: Record<string, unknown>): { status: number; error: object } | undefined {
    const info = streamInfo(body);
    if (!info) return undefined;
    const conversation = body.conversation as { conversationType?: string } | undefined;
    if (conversation?.conversationType !== 'personal') {
      return forbidden('Content stream is not allowed');
    }
    if (!info.streamId) {
      if (body.type !== 'typing' || info.streamSequence !== 1) {
        return badRequest('Start streaming activities should be typing with streamSequence 1');
      }
      return undefined;
    }
    const state = streams.get(info.streamId);
    if (!state) return badRequest(`Unknown streamId ${info.streamId}`);
    if (state.final)
      return forbidden('Content stream is not allowed on an already completed streamed message');
    if (info.streamType === 'final') {
      if (body.type !== 'message' || info.streamSequence !== undefined) {
        return badRequest('The final streaming activity is a message without streamSequence');
      }
      state.final = true;
      return undefined;
    }
    if (
      body.type !== 'typing' ||
      info.streamSequence === undefined ||
      info.streamSequence <= state.lastSequence
    ) {
      return badRequest('streamSequence must increase');
    }
    state.lastSequence = info.streamSequence;
    return undefined;
  }

  const { port, stop } = await listenOnLoopback(server);
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    conversations,
    addMember(user, mail, tenantId) {
      members.set(user.id, { ...user, email: mail, userPrincipalName: mail, tenantId, userRole: 'user' });
    },
    throttle(times, retryAfterSec) {
      injected = { status: 429, left: times, retryAfterSec };
    },
    fail(status, times) {
      injected = { status, left: times };
    },
    failConversations(status, times) {
      injectedConversations = { status, left: times };
    },
    received(count) {
      if (activities.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.add({ count, resolve }));
    },
    accepted(conversationId) {
      return activities.filter(
        (a) => a.status < 300 && (conversationId === undefined || a.conversationId === conversationId),
      );
    },
    stop,
  };
}

interface StreamInfoEntity {
  streamId?: string;
  streamType?: string;
  streamSequence?: number;
}

function streamInfo(body: Record<string, unknown>): StreamInfoEntity | undefined {
  const entities = Array.isArray(body.entities) ? (body.entities as Record<string, unknown>[]) : [];
  return entities.find((e) => e.type === 'streaminfo') as StreamInfoEntity | undefined;
}

function forbidden(message: string): { status: number; error: object } {
  return { status: 403, error: { code: 'ContentStreamNotAllowed', message } };
}

function badRequest(message: string): { status: number; error: object } {
  return { status: 400, error: { code: 'BadRequest', message } };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: object, retryAfterSec?: number): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(retryAfterSec === undefined ? {} : { 'retry-after': String(retryAfterSec) }),
  });
  res.end(JSON.stringify(body));
}
