/**
 * The link callback's confirmation in Slack: a direct message from the app to the user
 * (chat.postMessage with the user id as channel), with the bot token of the Slack adapter's settings.
 */
import type { WebClient } from '@slack/web-api';
import type { Env } from '#common/env.ts';
import type { LinkConfirmationNotifier } from '../core/ports.ts';
import type { ChatIdentity } from '../identity/identity-store.ts';
import { slackConfig } from './config.ts';
import { createSlackWebClient } from './web-client.ts';

export interface SlackLinkNotifierOptions {
  /** SLACK_BOT_TOKEN */
  readonly token: string;
  /** SLACK_API_URL. @default Slack's */
  readonly slackApiUrl?: string;
}

export class SlackLinkNotifier implements LinkConfirmationNotifier {
  readonly #client: WebClient;

  constructor(options: SlackLinkNotifierOptions) {
    this.#client = createSlackWebClient({ token: options.token, apiUrl: options.slackApiUrl, retries: 2 });
  }

  async confirm(who: ChatIdentity, markdown: string): Promise<void> {
    await this.#client.chat.postMessage({ channel: who.userId, markdown_text: markdown });
  }
}

/** The Slack notifier of the link callback: only with a bot token, so a Teams-only install links without one. */
export function slackLinkNotifierFrom(env: Env): SlackLinkNotifier | undefined {
  const config = slackConfig(env);
  return config.botToken
    ? new SlackLinkNotifier({ token: config.botToken, slackApiUrl: config.apiUrl })
    : undefined;
}
