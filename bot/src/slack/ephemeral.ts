/**
 * Notes only the asker sees (link prompts, identity commands, `/ops … private` answers):
 * chat.postEphemeral, or the slash command's response_url when the bot is not in the channel.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import type { PrivateNotifier } from '../core/reply-stream.ts';
import { SlackAdapterError } from './errors.ts';
import { slackErrorCode } from './web-client.ts';

export interface SlackEphemeralOptions {
  readonly client: WebClient;
  readonly channel: string;
  readonly user: string;
  readonly threadTs?: string;
  readonly responseUrl?: string;
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
    const { client, channel, user, threadTs, responseUrl } = this.#options;
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

  async #viaResponseUrl(url: string, markdown: string): Promise<void> {
    const response = await this.#fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        text: markdown,
        blocks: [{ type: 'markdown', text: markdown }],
      }),
    });
    if (!response.ok) throw new SlackAdapterError(`response_url answered HTTP ${response.status}`);
  }
}
