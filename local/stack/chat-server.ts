/**
 * Serves the local chat page and the Slack endpoint it talks to. The page signs each request
 * with the local app's signing secret, exactly as Slack does; this server only turns the HTTP
 * request into the Lambda payload 2.0 event the Function URL would deliver and hands it to the
 * real Slack ack handler. The page then reads what the handler posted to the Slack Web API
 * stand-in (`/local/feed`), so it shows what Slack would show: Block Kit and its buttons included, a
 * tap signed and sent as Slack sends `block_actions`. `/teams` is the same for Teams (teams-page.ts).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALERT_EVENT_TYPE } from '#bot/src/alerts/slack-message.ts';
import type { AwsHandler } from '#bot/src/slack/ack-handler.ts';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import { messageOf } from '#common/errors.ts';
import { ALERT_SOURCE_IDS } from '#contracts/alert-sources.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import type { Registry } from '#registry-seed/src/index.ts';
import { type FireRequest, FireRequestError, type FireResult } from '../alerts/fire.ts';
import { readBody } from '../stand-ins/http.ts';
import type { SlackMessage, SlackWebApi } from '../stand-ins/slack-web-api.ts';
import { type TeamsPageOptions, teamsPageRoutes } from './teams-page.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/** The bot's user id in the local workspace (what `@centralops` becomes in a mention). */
export const LOCAL_BOT_USER = 'U0CENTRALOPS';

const PAGE_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/audit-panel.js': 'audit-panel.js',
  '/style.css': 'style.css',
  '/page-kit.js': 'page-kit.js',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export interface ChatPageServerOptions {
  readonly slackHandler: AwsHandler;
  readonly slackApi: SlackWebApi;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly registry: Registry;
  /** Fires a sample alert: `POST /local/alerts` (the page's button, `npm run alert`). */
  readonly fireAlert?: (request: FireRequest) => Promise<FireResult>;
  /** @default 0, a free port */
  readonly port?: number;
  /** The Teams look-alike at `/teams`. @default none */
  readonly teams?: TeamsPageOptions;
  /** The latest audit records, newest first, for the page's audit panel. @default none */
  readonly audit?: () => readonly AuditRecord[];
}

export interface ChatPageServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly slackEventsUrl: string;
  stop(): Promise<void>;
}

/** A message as the page draws it. */
interface FeedMessage {
  readonly ts: string;
  readonly user: string;
  readonly text: string;
  /** Block Kit blocks, drawn as Slack draws them (buttons included) when the message has them. */
  readonly blocks?: readonly Record<string, unknown>[];
  readonly streaming: boolean;
  /** Set once the bot marked the message as the end of an answer (`final` or `failed`). */
  readonly answerState?: string;
  /** An alert's root: the status it shows (ALARM, OK, …), from its metadata. */
  readonly alertStatus?: string;
  readonly ephemeral: boolean;
  readonly edits: number;
  readonly files: readonly { title: string; content: string; image?: string; alt?: string }[];
  /** A stream's tasks (a fan-out's progress), as last updated. */
  readonly tasks?: readonly { title: string; status: string }[];
  readonly replies: readonly FeedMessage[];
}

function answerStateOf(message: SlackMessage): { answerState?: string } {
  const state = message.metadata?.event_payload.state;
  return message.metadata?.event_type === ANSWER_EVENT_TYPE && typeof state === 'string'
    ? { answerState: state }
    : {};
}

function alertStatusOf(message: SlackMessage): { alertStatus?: string } {
  const status = message.metadata?.event_payload.status;
  return message.metadata?.event_type === ALERT_EVENT_TYPE && typeof status === 'string'
    ? { alertStatus: status }
    : {};
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

export async function startChatPageServer(options: ChatPageServerOptions): Promise<ChatPageServer> {
  const { slackApi, registry } = options;
  const pageDir = new URL('./page/', import.meta.url);
  /** Mentions the people typed (Slack keeps them; the Web API stand-in only sees what the bot posts). */
  const userMessages: { channel: string; ts: string; user: string; text: string }[] = [];
  /** First time each message was seen, so people's and the bot's messages interleave in arrival order. */
  const seen = new Map<string, number>();
  const order = (ts: string) => {
    if (!seen.has(ts)) seen.set(ts, seen.size);
    return seen.get(ts) ?? 0;
  };
  const users = registry.identities
    .filter((identity) => identity.platform === 'slack' && identity.workspaceId === options.teamId)
    .map((identity) => ({ id: identity.userId, name: identity.cognitoUsername }));
  const channels = registry.channels
    .filter((channel) => channel.platform === 'slack' && channel.workspaceId === options.teamId)
    .map((channel) => ({
      id: channel.channelId,
      name: channel.channelId.replace(/^C0/, '').toLowerCase(),
      environments: channel.allowedEnvironments,
    }));

  const toFeed = (message: SlackMessage, replies: readonly FeedMessage[] = []): FeedMessage => ({
    ts: message.ts,
    user: LOCAL_BOT_USER,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    streaming: message.streaming,
    ...answerStateOf(message),
    ...alertStatusOf(message),
    ephemeral: message.ephemeralTo !== undefined,
    edits: message.edits,
    files: (message.files ?? []).map(({ title, content, name, bytes, altText }) =>
      // A PNG (a chart) is drawn, as Slack shows an image; anything else is a snippet.
      name.endsWith('.png')
        ? {
            title,
            content: '',
            image: `data:image/png;base64,${bytes.toString('base64')}`,
            alt: altText ?? title,
          }
        : { title, content },
    ),
    tasks: Object.values(message.tasks ?? {}).map(({ title, status }) => ({ title, status })),
    replies,
  });

  function feed(channel: string, viewer: string) {
    const visible = (m: SlackMessage) => m.ephemeralTo === undefined || m.ephemeralTo === viewer;
    const threadOf = (ts: string) =>
      slackApi
        .messagesIn(channel, ts)
        .filter(visible)
        .map((m) => toFeed(m));
    const messages: (FeedMessage & { order: number })[] = [
      ...userMessages
        .filter((m) => m.channel === channel)
        .map((m) => ({
          ts: m.ts,
          user: m.user,
          text: m.text,
          streaming: false,
          ephemeral: false,
          edits: 0,
          files: [],
          replies: threadOf(m.ts),
          order: order(m.ts),
        })),
      ...slackApi
        .messagesIn(channel)
        .filter((m) => visible(m) && !m.threadTs)
        .map((m) => ({ ...toFeed(m, threadOf(m.ts)), order: order(m.ts) })),
    ].sort((a, b) => a.order - b.order);
    const responses = slackApi.responses
      .filter((r) => r.id.startsWith(`${viewer}-`))
      .map((r) => ({
        id: r.id,
        text: typeof r.body.text === 'string' ? r.body.text : JSON.stringify(r.body),
      }));
    return { messages, responses };
  }

  async function slackEvent(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = (await readBody(request)).toString('utf8');
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    const result = await options.slackHandler(
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: SLACK_EVENTS_PATH,
        rawQueryString: '',
        headers,
        requestContext: {
          http: {
            method: 'POST',
            path: SLACK_EVENTS_PATH,
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          timeEpoch: Date.now(),
        },
        body,
        isBase64Encoded: false,
      },
      {},
    );
    // A verified mention is in the channel from then on, as in Slack.
    if (result.statusCode === 200 && headers['content-type']?.startsWith('application/json')) {
      const payload = JSON.parse(body) as {
        event?: { type?: string; channel?: string; ts?: string; user?: string; text?: string };
      };
      const event = payload.event;
      if (event?.type === 'app_mention' && event.channel && event.ts && event.user) {
        userMessages.push({ channel: event.channel, ts: event.ts, user: event.user, text: event.text ?? '' });
        order(event.ts);
      }
    }
    response
      .writeHead(result.statusCode, { ...(result.headers as Record<string, string>) })
      .end(result.body ?? '');
  }

  const teamsRoutes = options.teams ? teamsPageRoutes(options.teams) : undefined;
  const server = createServer((request, response) => {
    void (async () => {
      if (teamsRoutes && (await teamsRoutes(request, response))) return;
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const file = PAGE_FILES[url.pathname];
      if (request.method === 'GET' && file) {
        const type = CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'text/plain';
        response
          .writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
          .end(await readFile(new URL(file, pageDir)));
      } else if (request.method === 'GET' && url.pathname === '/local/config') {
        sendJson(response, 200, {
          teamId: options.teamId,
          botUserId: LOCAL_BOT_USER,
          signingSecret: options.signingSecret,
          slackEventsPath: SLACK_EVENTS_PATH,
          responseUrlPrefix: slackApi.responseUrl(''),
          users,
          channels,
          alertKinds: options.fireAlert ? ALERT_SOURCE_IDS : [],
          accounts: registry.accounts.map((account) => ({ id: account.id, name: account.name })),
        });
      } else if (request.method === 'GET' && url.pathname === '/local/audit') {
        sendJson(response, 200, { records: options.audit?.() ?? [] });
      } else if (request.method === 'GET' && url.pathname === '/local/feed') {
        sendJson(
          response,
          200,
          feed(url.searchParams.get('channel') ?? '', url.searchParams.get('user') ?? ''),
        );
      } else if (request.method === 'POST' && url.pathname === '/local/alerts' && options.fireAlert) {
        const fireAlert = options.fireAlert;
        const body = JSON.parse((await readBody(request)).toString('utf8') || '{}') as FireRequest;
        await fireAlert(body).then(
          (result) => sendJson(response, 200, result),
          (error: unknown) => {
            if (!(error instanceof FireRequestError)) throw error;
            sendJson(response, 400, { error: error.message });
          },
        );
      } else if (request.method === 'POST' && url.pathname === SLACK_EVENTS_PATH) {
        await slackEvent(request, response);
      } else {
        sendJson(response, 404, { error: 'not found' });
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: messageOf(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    slackEventsUrl: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
