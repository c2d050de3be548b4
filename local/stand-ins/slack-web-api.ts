/**
 * A local stand-in of Slack's Web API for tests and the local stack: `POST /api/<method>` with
 * form or JSON bodies and a bearer token, answering Slack's shapes (`{ ok: true, … }` /
 * `{ ok: false, error }`), so the real WebClient runs against it through SLACK_API_URL. It keeps
 * channels and threads, streams (chat.startStream/appendStream/stopStream, expirable on demand),
 * files.uploadV2's three steps, ephemeral notes and response_url posts, and answers 429 +
 * Retry-After (`ratelimited`) when told to. Every call is recorded with its time. Socket Mode:
 * apps.connections.open (app token) hands out a WebSocket URL on the same server that says
 * `hello` and delivers envelopes the test sends, resolving with the client's ack.
 */

import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CentralOpsError } from '#common/errors.ts';
import { listenOnLoopback, readBody } from './http.ts';

export interface SlackApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
  /** HTTP status answered (429 when rate limited). */
  readonly status: number;
  /** Slack's `error`, when the call failed. */
  readonly error?: string;
}

export interface SlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  /** What a person sees: `markdown_text`, else the blocks' text, else `text`. */
  text: string;
  /** The Block Kit blocks, when the message has them (the chat page draws them as Slack does). */
  blocks?: readonly Record<string, unknown>[];
  /** Set for ephemeral notes: the only user who sees it. */
  readonly ephemeralTo?: string;
  /** True while a stream is open on it. */
  streaming: boolean;
  /** Files shared into the thread by files.completeUploadExternal (`content`: the bytes as UTF-8 text). */
  readonly files?: readonly SlackFile[];
  readonly edits: number;
  /** The message's metadata (`event_type`, `event_payload`), as chat.postMessage / chat.update set it. */
  metadata?: { readonly event_type: string; readonly event_payload: Record<string, unknown> };
  /**
   * A stream's tasks (`task_update` chunks), by id, as last updated: Slack shows each once and
   * updates it in place. `updates` counts the chunks that changed it.
   */
  readonly tasks?: Record<string, { title: string; status: string; updates: number }>;
}

export interface SlackFile {
  readonly id: string;
  readonly title: string;
  readonly name: string;
  readonly content: string;
  readonly bytes: Buffer;
  /** As files.getUploadURLExternal was given it (images). */
  readonly altText?: string;
}

export interface SlackWebApi {
  /** Base URL for SLACK_API_URL / WebClient `slackApiUrl`; ends with `/api/`. */
  readonly url: string;
  /** The bot token it accepts. */
  readonly token: string;
  readonly calls: SlackApiCall[];
  /** Messages of a channel's top level, or of one thread (replies only), in ts order, ephemerals included. */
  messagesIn(channel: string, threadTs?: string): SlackMessage[];
  /** Resolves with the first message that satisfies `match`, now or after a later Web API call. */
  whenMessage(match: (message: SlackMessage) => boolean): Promise<SlackMessage>;
  /** The next `times` calls of `method` answer 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, times: number, retryAfterSec: number): void;
  /**
   * From now on, a chat.postMessage to a channel less than `intervalMs` after its last accepted one
   * answers 429 with the Retry-After left (Slack's one message per second per channel); 0 lifts it.
   */
  limitPostsPerChannel(intervalMs: number): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /** Ends every open stream server-side, as Slack does after a few minutes. */
  expireStreams(): void;
  /** A response_url for a slash command; posts to it land in `responses`. */
  responseUrl(id: string): string;
  readonly responses: { id: string; body: Record<string, unknown> }[];
  /**
   * The directory users.info answers from, by user id: what a person of the workspace has (`name`,
   * `realName`, `email`, `teamId` default to the stand-in's team); an unknown user is `user_not_found`.
   */
  addUser(user: { id: string; realName: string; email?: string; teamId?: string; isBot?: boolean }): void;
  /**
   * A channel the bot is not a member of (every other channel it is): posting there answers
   * `not_in_channel` (public) or `channel_not_found` (private); conversations.join joins a public one.
   */
  notMemberOf(channel: string, options?: { readonly private?: boolean }): void;
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  readonly appToken: string;
  /** Resolves once a Socket Mode client has connected and been greeted. */
  socketConnected(): Promise<void>;
  /** Sends a Socket Mode envelope (`events_api`, `slash_commands`, …); resolves with the client's ack. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface SlackWebApiOptions {
  /** @default 'xoxb-local-test-token' */
  readonly token?: string;
  /** @default 'T0CENTRAL' */
  readonly teamId?: string;
  /** @default 'xapp-local-test-token' */
  readonly appToken?: string;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

class SlackError extends CentralOpsError {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function startSlackWebApi(options: SlackWebApiOptions = {}): Promise<SlackWebApi> {
  const token = options.token ?? 'xoxb-local-test-token';
  const teamId = options.teamId ?? 'T0CENTRAL';
  const appToken = options.appToken ?? 'xapp-local-test-token';
  const sockets = new Set<Socket>();
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  let greeted: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const calls: SlackApiCall[] = [];
  const messages: SlackMessage[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const uploads = new Map<string, { filename: string; bytes: Buffer; length: number; altText?: string }>();
  const rateLimits = new Map<string, { times: number; retryAfterSec: number }>();
  let channelPostIntervalMs = 0;
  const lastPostAt = new Map<string, number>();
  const failures = new Map<string, { times: number; error: string }>();
  const messageWaiters = new Set<{
    match: (m: SlackMessage) => boolean;
    resolve: (m: SlackMessage) => void;
  }>();
  const settleWaiters = (): void => {
    for (const waiter of [...messageWaiters]) {
      const found = messages.find(waiter.match);
      if (found) {
        messageWaiters.delete(waiter);
        waiter.resolve(found);
      }
    }
  };
  let base = '';
  let clock = Math.floor(Date.now() / 1000);
  let counter = 0;
  let fileCounter = 0;

  function nextTs(): string {
    counter += 1;
    if (counter > 999_999) {
      clock += 1;
      counter = 1;
    }
    return `${clock}.${String(counter).padStart(6, '0')}`;
  }

  function find(channel: unknown, ts: unknown): SlackMessage {
    const message = messages.find((m) => m.channel === channel && m.ts === ts && !m.ephemeralTo);
    if (!message) throw new SlackError('message_not_found');
    return message;
  }

  function requireString(args: Record<string, unknown>, name: string): string {
    const value = args[name];
    if (typeof value !== 'string' || value === '')
      throw new SlackError(name === 'channel' ? 'channel_not_found' : 'invalid_arguments');
    return value;
  }

  function contentOf(args: Record<string, unknown>): string {
    if (typeof args.markdown_text === 'string') return args.markdown_text;
    if (Array.isArray(args.blocks)) return blocksText(args.blocks as Record<string, unknown>[]);
    if (typeof args.text === 'string') return args.text;
    if (Array.isArray(args.chunks)) {
      return args.chunks
        .map((chunk: { type?: string; text?: string }) =>
          chunk.type === 'markdown_text' ? (chunk.text ?? '') : '',
        )
        .join('');
    }
    throw new SlackError('no_text');
  }

  /** `metadata` as Slack takes it: an object, or its JSON in a form-encoded call; invalid → error. */
  function metadataOf(args: Record<string, unknown>): SlackMessage['metadata'] {
    if (args.metadata === undefined) return undefined;
    let value: unknown = args.metadata;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        throw new SlackError('invalid_metadata_format');
      }
    }
    const { event_type, event_payload } = (value ?? {}) as Record<string, unknown>;
    if (typeof event_type !== 'string' || typeof event_payload !== 'object' || event_payload === null)
      throw new SlackError('invalid_metadata_schema');
    return { event_type, event_payload: event_payload as Record<string, unknown> };
  }

  function post(args: Record<string, unknown>, extra: Partial<SlackMessage> = {}): SlackMessage {
    const metadata = metadataOf(args);
    const message: SlackMessage = {
      channel: requireString(args, 'channel'),
      ts: nextTs(),
      ...(typeof args.thread_ts === 'string' && args.thread_ts ? { threadTs: args.thread_ts } : {}),
      ...blocksOf(args),
      text: extra.streaming ? (hasContent(args) ? contentOf(args) : '') : contentOf(args),
      streaming: false,
      edits: 0,
      ...(metadata ? { metadata } : {}),
      ...extra,
    };
    messages.push(message);
    return message;
  }

  /** A stream's `task_update` chunks: each task is created once, then updated in place by its id. */
  function updateTasks(message: SlackMessage, args: Record<string, unknown>): void {
    const chunks = Array.isArray(args.chunks) ? (args.chunks as Record<string, unknown>[]) : [];
    for (const chunk of chunks.filter((candidate) => candidate.type === 'task_update')) {
      const id = String(chunk.id ?? '');
      if (!id || typeof chunk.title !== 'string') throw new SlackError('invalid_chunks');
      const tasks = message.tasks ?? {};
      tasks[id] = {
        title: chunk.title,
        status: String(chunk.status),
        updates: (tasks[id]?.updates ?? 0) + 1,
      };
    }
  }

  const users = new Map<string, Record<string, unknown>>();
  /** Channels the bot is not in, and whether each is private. */
  const outsideOf = new Map<string, { private: boolean }>();
  /** Refuses a post where the bot is not a member, as Slack does. */
  const memberOf = (channel: unknown): void => {
    const outside = typeof channel === 'string' ? outsideOf.get(channel) : undefined;
    if (outside) throw new SlackError(outside.private ? 'channel_not_found' : 'not_in_channel');
  };

  const methods: Record<string, Handler> = {
    'users.info': (args) => {
      const user = users.get(requireString(args, 'user'));
      if (!user) throw new SlackError('user_not_found');
      return { user };
    },
    'team.info': (args) => {
      const id = typeof args.team === 'string' ? args.team : teamId;
      if (id !== teamId) throw new SlackError('team_not_found');
      return { team: { id, name: 'Central Ops Inc', domain: 'central' } };
    },
    'apps.connections.open': () => ({ url: `${base.replace('http', 'ws')}link/?ticket=${randomUUID()}` }),
    'auth.test': () => ({
      url: 'https://centralops-local.slack.com/',
      team: 'Central',
      user: 'centralops',
      team_id: teamId,
      user_id: 'U0CENTRALOPS',
      bot_id: 'B0CENTRALOPS',
    }),
    'conversations.join': (args) => {
      const channel = requireString(args, 'channel');
      const outside = outsideOf.get(channel);
      if (outside?.private) throw new SlackError('method_not_supported_for_channel_type');
      outsideOf.delete(channel);
      return {
        channel: { id: channel, is_member: true },
        ...(outside ? {} : { warning: 'already_in_channel' }),
      };
    },
    'chat.postMessage': (args) => {
      memberOf(args.channel);
      const message = post(args);
      return {
        channel: message.channel,
        ts: message.ts,
        message: { type: 'message', text: message.text, ts: message.ts, thread_ts: message.threadTs },
      };
    },
    'chat.postEphemeral': (args) => {
      memberOf(args.channel);
      const message = post(args, { ephemeralTo: requireString(args, 'user') });
      return { message_ts: message.ts };
    },
    'chat.update': (args) => {
      const message = find(args.channel, args.ts);
      const metadata = metadataOf(args);
      message.text = contentOf(args);
      message.blocks = blocksOf(args).blocks;
      message.streaming = false;
      if (metadata) message.metadata = metadata;
      (message as { edits: number }).edits += 1;
      return { channel: message.channel, ts: message.ts, text: message.text };
    },
    'chat.delete': (args) => {
      const message = find(args.channel, args.ts);
      messages.splice(messages.indexOf(message), 1);
      return { channel: message.channel, ts: message.ts };
    },
    'chat.startStream': (args) => {
      const channel = requireString(args, 'channel');
      memberOf(channel);
      requireString(args, 'thread_ts');
      // Outside a DM Slack needs to know who the stream is for.
      if (!channel.startsWith('D') && (!args.recipient_user_id || !args.recipient_team_id)) {
        throw new SlackError('invalid_arguments');
      }
      const message = post(args, { streaming: true, tasks: {} });
      updateTasks(message, args);
      return { channel, ts: message.ts };
    },
    'chat.appendStream': (args) => {
      const message = find(args.channel, args.ts);
      if (!message.streaming) throw new SlackError('message_not_in_streaming_state');
      message.text += contentOf(args);
      updateTasks(message, args);
      return { channel: message.channel, ts: message.ts };
    },
    'chat.stopStream': (args) => {
      const message = find(args.channel, args.ts);
      if (!message.streaming) throw new SlackError('message_not_in_streaming_state');
      if (hasContent(args)) message.text += contentOf(args);
      updateTasks(message, args);
      message.streaming = false;
      return { channel: message.channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
    },
    'files.getUploadURLExternal': (args) => {
      fileCounter += 1;
      const fileId = `F0LOCAL${String(fileCounter).padStart(4, '0')}`;
      uploads.set(fileId, {
        filename: requireString(args, 'filename'),
        bytes: Buffer.alloc(0),
        length: Number(args.length),
        ...(typeof args.alt_text === 'string' ? { altText: args.alt_text } : {}),
      });
      return { upload_url: `${base}upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (args) => {
      const files = (args.files as { id: string; title?: string }[] | undefined) ?? [];
      const shared = files.map((file) => {
        const upload = uploads.get(file.id);
        // Slack refuses to complete an upload whose bytes are not the length it was promised.
        if (!upload || upload.bytes.length !== upload.length) throw new SlackError('file_not_found');
        return {
          id: file.id,
          title: file.title ?? upload.filename,
          name: upload.filename,
          content: upload.bytes.toString('utf8'),
          bytes: upload.bytes,
          ...(upload.altText ? { altText: upload.altText } : {}),
        };
      });
      if (typeof args.channel_id === 'string') {
        messages.push({
          channel: args.channel_id,
          ts: nextTs(),
          ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}),
          text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
          streaming: false,
          files: shared,
          edits: 0,
        });
      }
      return { files: shared.map(({ id, title, name }) => ({ id, title, name })) };
    },
    'assistant.threads.setStatus': (args) => {
      requireString(args, 'channel_id');
      return {};
    },
    'assistant.threads.setSuggestedPrompts': (args) => {
      requireString(args, 'channel_id');
      if (!Array.isArray(args.prompts) || args.prompts.length > 4) throw new SlackError('invalid_arguments');
      return {};
    },
    'assistant.threads.setTitle': (args) => {
      requireString(args, 'channel_id');
      return {};
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(payload));
    };

    if (url.pathname.startsWith('/upload/')) {
      const upload = uploads.get(url.pathname.slice('/upload/'.length));
      if (!upload) return send(404, { ok: false });
      upload.bytes = await uploadedBytes(body, request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`OK - ${body.length}`);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      responses.push({
        id: url.pathname.slice('/response/'.length),
        body: JSON.parse(body.toString('utf8') || '{}'),
      });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_method' });

    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(body, request.headers['content-type']);
    const record = (status: number, error?: string) =>
      calls.push({ method, args, at, status, ...(error ? { error } : {}) });

    const limit = rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      record(429, 'ratelimited');
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSec) });
    }
    const bearer =
      request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? (args.token as string | undefined);
    if (bearer !== (method === 'apps.connections.open' ? appToken : token)) {
      record(200, bearer ? 'invalid_auth' : 'not_authed');
      return send(200, { ok: false, error: bearer ? 'invalid_auth' : 'not_authed' });
    }
    if (method === 'chat.postMessage' && channelPostIntervalMs > 0 && typeof args.channel === 'string') {
      const left = (lastPostAt.get(args.channel) ?? Number.NEGATIVE_INFINITY) + channelPostIntervalMs - at;
      if (left > 0) {
        record(429, 'ratelimited');
        return send(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(Math.ceil(left / 1000)) },
        );
      }
      lastPostAt.set(args.channel, at);
    }
    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      record(200, failure.error);
      return send(200, { ok: false, error: failure.error });
    }
    const handler = methods[method];
    if (!handler) {
      record(200, 'unknown_method');
      return send(200, { ok: false, error: 'unknown_method' });
    }
    try {
      const result = handler(args);
      record(200);
      send(200, { ok: true, ...result });
      settleWaiters();
    } catch (error) {
      const code = error instanceof SlackError ? error.code : 'internal_error';
      record(200, code);
      send(200, { ok: false, error: code });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    const key = request.headers['sec-websocket-key'];
    if (!request.url?.startsWith('/link/') || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    readFrames(socket, (opcode, data) => {
      if (opcode === OPCODE.ping) socket.write(frame(OPCODE.pong, data));
      if (opcode === OPCODE.close) socket.end(frame(OPCODE.close, Buffer.alloc(0)));
      if (opcode !== OPCODE.text) return;
      const message = JSON.parse(data.toString('utf8')) as {
        envelope_id?: string;
        payload?: Record<string, unknown>;
      };
      if (message.envelope_id) pendingAcks.get(message.envelope_id)?.(message.payload ?? {});
    });
    socket.write(
      frame(
        OPCODE.text,
        Buffer.from(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            debug_info: { host: 'applink-local', approximate_connection_time: 18060 },
            connection_info: { app_id: 'A0CENTRALOPS' },
          }),
        ),
      ),
    );
    greeted();
  });

  const listener = await listenOnLoopback(server);
  const { port } = listener;
  base = `http://127.0.0.1:${port}/`;

  return {
    url: `${base}api/`,
    token,
    calls,
    responses,
    messagesIn(channel, threadTs) {
      return messages
        .filter((m) => m.channel === channel && (threadTs ? m.threadTs === threadTs : !m.threadTs))
        .sort((a, b) => Number(a.ts) - Number(b.ts));
    },
    whenMessage(match) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => messageWaiters.add({ match, resolve }));
    },
    rateLimit(method, times, retryAfterSec) {
      rateLimits.set(method, { times, retryAfterSec });
    },
    limitPostsPerChannel(intervalMs) {
      channelPostIntervalMs = intervalMs;
    },
    failNext(method, error, times = 1) {
      failures.set(method, { times, error });
    },
    expireStreams() {
      for (const message of messages) message.streaming = false;
    },
    addUser({ id, realName, email, teamId: team, isBot }) {
      // The shape users.info returns (api.slack.com/methods/users.info), with the profile email
      // only present under users:read.email.
      users.set(id, {
        id,
        team_id: team ?? teamId,
        name: realName.toLowerCase().replace(/\s+/g, '.'),
        deleted: false,
        real_name: realName,
        is_bot: isBot ?? false,
        profile: {
          real_name: realName,
          display_name: realName.split(' ')[0],
          ...(email ? { email } : {}),
          team: team ?? teamId,
        },
      });
    },
    notMemberOf(channel, options = {}) {
      outsideOf.set(channel, { private: options.private ?? false });
    },
    responseUrl(id) {
      return `${base}response/${id}`;
    },
    appToken,
    socketConnected: () => connected,
    sendEnvelope(type, payload) {
      const envelopeId = randomUUID();
      const acked = new Promise<Record<string, unknown>>((resolve) => pendingAcks.set(envelopeId, resolve));
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      };
      for (const socket of sockets) socket.write(frame(OPCODE.text, Buffer.from(JSON.stringify(envelope))));
      return acked;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await listener.stop();
    },
  };
}

function hasContent(args: Record<string, unknown>): boolean {
  return (
    typeof args.markdown_text === 'string' ||
    typeof args.text === 'string' ||
    (Array.isArray(args.chunks) && args.chunks.length > 0) ||
    Array.isArray(args.blocks)
  );
}

/** `blocks` as Slack takes them: an array, or its JSON in a form-encoded call (validated loosely: 50 at most). */
function blocksOf(args: Record<string, unknown>): { blocks?: Record<string, unknown>[] } {
  if (args.blocks === undefined) return {};
  if (!Array.isArray(args.blocks) || args.blocks.length > 50) throw new SlackError('invalid_blocks');
  return { blocks: args.blocks as Record<string, unknown>[] };
}

/** What a person reads of blocks: headers', sections' (and their fields') and contexts' text, one block a line (buttons are not text). */
function blocksText(blocks: readonly Record<string, unknown>[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'context')
        return ((block.elements as { text?: unknown }[] | undefined) ?? [])
          .map((e) => textOf(e.text ?? e))
          .join(' ');
      const fields = ((block.fields as unknown[] | undefined) ?? []).map(textOf);
      return [textOf(block.text), ...fields].filter(Boolean).join('\n');
    })
    .filter(Boolean)
    .join('\n');
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value) return textOf((value as { text: unknown }).text);
  return '';
}

/** WebClient sends forms with nested values JSON-encoded; others send JSON. */
function parseArgs(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const raw = body.toString('utf8');
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One unmasked server frame (RFC 6455 §5.2). */
function frame(opcode: number, data: Buffer): Buffer {
  const length = data.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([header, data]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

/** Reads the client's masked frames (unfragmented, as Slack's clients send them). */
function readFrames(socket: Socket, onFrame: (opcode: number, data: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = (buffered[0] ?? 0) & 0x0f;
      const masked = ((buffered[1] ?? 0) & 0x80) !== 0;
      let length = (buffered[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const data = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked) {
        for (let index = 0; index < data.length; index += 1) {
          data[index] = (data[index] ?? 0) ^ (buffered[maskOffset + (index % 4)] ?? 0);
        }
      }
      buffered = buffered.subarray(offset + length);
      onFrame(opcode, data);
    }
  });
}

/**
 * The file's bytes as the upload URL receives them: raw, or the one part of a multipart form
 * (WebClient sends a Buffer as `multipart/form-data`), read with the platform's own form parser.
 */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(new Uint8Array(body), {
    headers: { 'content-type': contentType },
  }).formData();
  const [part] = [...form.values()];
  if (part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
}
