/**
 * The chat page's Teams look-alike (`/teams`): a channel of the local tenant whose posts the page
 * sends as Bot Framework activities to the real Teams handler (unauthenticated locally), and whose
 * replies it reads back from the Bot Framework connector stand-in the bot answered through, cards
 * drawn with Microsoft's own Adaptive Cards renderer (`adaptivecards`) and their Action.Execute
 * buttons sent back as `adaptiveCard/action` invokes, as Teams does.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { TeamsHttpHandler } from '#bot/src/teams/ack-handler.ts';
import type { Registry } from '#registry-seed/src/index.ts';
import type { BotConnector } from '../stand-ins/bot-connector.ts';
import { readBody } from '../stand-ins/http.ts';

export interface TeamsPageOptions {
  readonly handler: TeamsHttpHandler;
  readonly connector: BotConnector;
  readonly tenantId: string;
  readonly registry: Registry;
}

/** A message as the page draws it: the latest content of an activity (posts, then its updates). */
interface TeamsFeedMessage {
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly cards: readonly unknown[];
  readonly edits: number;
  /** Only the viewer sees it (their 1:1 chat with the bot). */
  readonly personal: boolean;
  readonly replies: readonly TeamsFeedMessage[];
}

export const TEAMS_BOT = { id: '28:centralops-local', name: 'CentralOps' } as const;
const THREAD = ';messageid=';
const CARD = 'application/vnd.microsoft.card.adaptive';

/** Serves `/teams`, its script, the renderer, its config, its feed and the posts to the handler; false for any other path. */
export function teamsPageRoutes(options: TeamsPageOptions) {
  const { connector, registry, tenantId } = options;
  const pageDir = new URL('./page/', import.meta.url);
  const renderer = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');
  const channels = registry.channels.filter((c) => c.platform === 'teams' && c.workspaceId === tenantId);
  const users = registry.identities
    .filter((identity) => identity.platform === 'teams' && identity.workspaceId === tenantId)
    .map((identity) => ({ aadObjectId: identity.userId, name: identity.cognitoUsername }));
  /** The posts people made, by conversation (channel) id. */
  const posts: { channel: string; id: string; from: string; text: string }[] = [];

  function feed(channel: string, viewer: string): TeamsFeedMessage[] {
    const personal = new Set(
      connector.conversations
        .filter((created) =>
          ((created.parameters.members as { aadObjectId?: string }[] | undefined) ?? []).some(
            (member) => member.aadObjectId === viewer,
          ),
        )
        .map((created) => created.id),
    );
    const latest = new Map<
      string,
      { conversationId: string; activity: Record<string, unknown>; edits: number }
    >();
    for (const record of connector.accepted()) {
      if (!record.activityId || record.activity.type === 'typing') continue;
      const known = latest.get(record.activityId);
      latest.set(record.activityId, {
        conversationId: known?.conversationId ?? record.conversationId,
        activity: record.activity,
        edits: (known?.edits ?? -1) + 1,
      });
    }
    const message = (
      id: string,
      entry: { activity: Record<string, unknown>; edits: number },
      isPersonal: boolean,
    ) => ({
      id,
      from: TEAMS_BOT.name,
      text: typeof entry.activity.text === 'string' ? entry.activity.text : '',
      cards: ((entry.activity.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? [])
        .filter((attachment) => attachment.contentType === CARD)
        .map((attachment) => attachment.content),
      edits: entry.edits,
      personal: isPersonal,
      replies: [],
    });
    const replies = (root: string) =>
      [...latest]
        .filter(([, entry]) => entry.conversationId === `${channel}${THREAD}${root}`)
        .map(([id, entry]) => message(id, entry, false));
    return [
      ...posts
        .filter((post) => post.channel === channel)
        .map((post) => ({ ...post, cards: [], edits: 0, personal: false, replies: replies(post.id) })),
      ...[...latest]
        .filter(([, entry]) => personal.has(entry.conversationId))
        .map(([id, entry]) => message(id, entry, true)),
    ];
  }

  function sendJson(response: ServerResponse, status: number, body: unknown): void {
    response
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const files: Record<string, [URL | string, string]> = {
      '/teams': [new URL('teams.html', pageDir), 'text/html; charset=utf-8'],
      '/teams.js': [new URL('teams.js', pageDir), 'text/javascript; charset=utf-8'],
      '/adaptivecards.js': [renderer, 'text/javascript; charset=utf-8'],
    };
    const file = files[url.pathname];
    if (request.method === 'GET' && file) {
      response
        .writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' })
        .end(await readFile(file[0]));
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/local/teams-config') {
      sendJson(response, 200, {
        tenantId,
        serviceUrl: connector.serviceUrl,
        bot: TEAMS_BOT,
        users,
        channels,
      });
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/local/teams-feed') {
      sendJson(response, 200, {
        messages: feed(url.searchParams.get('channel') ?? '', url.searchParams.get('user') ?? ''),
      });
      return true;
    }
    if (request.method === 'POST' && url.pathname === '/local/teams/api/messages') {
      const body = (await readBody(request)).toString('utf8');
      const activity = JSON.parse(body) as {
        type?: string;
        id?: string;
        text?: string;
        from?: { aadObjectId?: string };
        conversation?: { id?: string };
      };
      const result = await options.handler({
        headers: { 'content-type': 'application/json' },
        body,
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST' } },
      });
      // A post the handler took is in the channel from then on, as in Teams.
      if (result.statusCode < 300 && activity.type === 'message' && activity.id) {
        posts.push({
          channel: (activity.conversation?.id ?? '').split(THREAD)[0] ?? '',
          id: activity.id,
          from: activity.from?.aadObjectId ?? '',
          text: activity.text ?? '',
        });
      }
      response.writeHead(result.statusCode, result.headers).end(result.body);
      return true;
    }
    return false;
  };
}
