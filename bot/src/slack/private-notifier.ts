/**
 * Notes only the asker sees (link prompts, identity commands, `/ops … private` answers):
 * chat.postEphemeral, or the slash command's response_url when the bot is not in the channel. When
 * a link is issued it also reads who the asker is (users.info, team.info) for the link page.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import type { ChatProfile } from '../core/chat-event.ts';
import type { PrivateNotifier } from '../core/reply-stream.ts';
import { SlackAdapterError } from './errors.ts';
import { slackErrorCode } from './web-client.ts';

export interface SlackEphemeralOptions {
  readonly client: WebClient;
  readonly channel: string;
  readonly user: string;
  /** The asker's own team. */
  readonly team: string;
  readonly threadTs?: string;
  readonly responseUrl?: string;
  /**
   * Each note replaces the message the response_url belongs to (a tapped ephemeral answer) instead
   * of adding one. Needs `responseUrl`. @default false
   */
  readonly replaceOriginal?: boolean;
  readonly logger: Logger;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

// The bot cannot post (even ephemerally) where it is not a member; response_url still can.
const NOT_A_MEMBER = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);

export class SlackEphemeral implements PrivateNotifier {
  readonly #options: SlackEphemeralOptions;
  readonly #fetch: typeof fetch;

  constructor(options: SlackEphemeralOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async notify(markdown: string): Promise<void> {
    const { client, channel, user, threadTs, responseUrl, replaceOriginal } = this.#options;
    if (replaceOriginal && responseUrl) {
      await this.#viaResponseUrl(responseUrl, markdown);
      return;
    }
    try {
      await client.chat.postEphemeral({
        channel,
        user,
        markdown_text: markdown,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    } catch (error) {
      if (!responseUrl || !NOT_A_MEMBER.has(slackErrorCode(error) ?? '')) throw error;
      this.#options.logger.info('postEphemeral refused, using response_url', { code: slackErrorCode(error) });
      await this.#viaResponseUrl(responseUrl, markdown);
    }
  }

  /**
   * The asker's name and profile email (users:read.email) and their team's name (team:read). A
   * profile of another team than the asker's, or a bot's, is not theirs: undefined.
   */
  async chatProfile(): Promise<ChatProfile | undefined> {
    const { client, user, team } = this.#options;
    const [{ user: info }, teamInfo] = await Promise.all([
      client.users.info({ user }),
      client.team.info({ team }).catch(() => undefined),
    ]);
    if (!info || info.is_bot || (info.team_id && info.team_id !== team)) return undefined;
    const displayName = info.real_name || info.profile?.real_name || info.profile?.display_name;
    const email = info.profile?.email;
    const workspaceName = teamInfo?.team?.name;
    return {
      ...(displayName ? { displayName } : {}),
      ...(email ? { emails: [email] } : {}),
      ...(workspaceName ? { workspaceName } : {}),
    };
  }

  async #viaResponseUrl(url: string, markdown: string): Promise<void> {
    const response = await this.#fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        ...(this.#options.replaceOriginal ? { replace_original: true } : {}),
        text: markdown,
        blocks: [{ type: 'markdown', text: markdown }],
      }),
    });
    if (!response.ok) throw new SlackAdapterError(`response_url answered HTTP ${response.status}`);
  }
}
