/**
 * Confirms a completed link in chat. Slack: a direct message from the app to the user
 * (chat.postMessage with the user id as channel). Teams can only message a user proactively in a
 * known conversation: the link record carries the asker's 1:1 chat as its ConfirmationAddress and
 * TeamsLinkNotifier (bot/src/teams/link-notifier.ts) posts there. A platform without a notifier,
 * or a confirmation that fails, leaves the confirmation page as the only confirmation.
 */
import type { WebClient } from '@slack/web-api';
import type { ChatPlatform } from '#contracts/registry.ts';
import type { ConfirmationAddress } from '../core/chat-event.ts';
import type { ChatIdentity } from '../identity/identity-store.ts';
import { createSlackWebClient } from '../slack/web-client.ts';

export interface LinkConfirmationNotifier {
  /**
   * `markdown`: one short note for the user who linked. `address`: the link record's, as stored
   * when the link was issued from `who`'s chat (checked by the platform's notifier).
   */
  confirm(who: ChatIdentity, markdown: string, address?: ConfirmationAddress): Promise<void>;
}

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

/** Routes each confirmation to its platform's notifier; a platform without one is skipped. */
export class PlatformLinkNotifier implements LinkConfirmationNotifier {
  readonly #notifiers: Partial<Record<ChatPlatform, LinkConfirmationNotifier>>;

  constructor(notifiers: Partial<Record<ChatPlatform, LinkConfirmationNotifier>>) {
    this.#notifiers = notifiers;
  }

  async confirm(who: ChatIdentity, markdown: string, address?: ConfirmationAddress): Promise<void> {
    await this.#notifiers[who.platform]?.confirm(who, markdown, address);
  }
}
