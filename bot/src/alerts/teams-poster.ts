/**
 * Alerts in a Teams channel, through the Teams adapter and its sender (bot/src/teams: Bot Framework
 * connector calls retried on 429 with Retry-After, 412, 502, 504): the root starts a new thread in
 * the channel (a proactive post), its status is updated in place, the thread's lines are replies.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { RetryOptions } from '../teams/retry.ts';
import { TeamsSender } from '../teams/sender.ts';
import type { ThreadRef } from './alert-state.ts';
import type { AlertChannelPoster, RootView } from './channel-poster.ts';
import type { AlertChannel } from './delivery.ts';
import { AlertPostError } from './errors.ts';
import { alertCard, alertCardText, teamsEscape } from './teams-card.ts';

/** Microsoft's well-known endpoint for proactive messages in the public cloud. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface TeamsAlertPosterOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id (empty when running unauthenticated locally). @default '' */
  readonly appId?: string;
  /** TEAMS_SERVICE_URL. @default DEFAULT_TEAMS_SERVICE_URL */
  readonly serviceUrl?: string;
  readonly retry?: RetryOptions;
}

export class TeamsAlertPoster implements AlertChannelPoster {
  readonly #options: TeamsAlertPosterOptions;

  constructor(options: TeamsAlertPosterOptions) {
    this.#options = options;
  }

  async postRoot(channel: AlertChannel, view: RootView): Promise<ThreadRef> {
    const started = await this.#in(channel, channel.channelId, (sender) =>
      sender.startChannelThread(channel.channelId, {
        text: alertCardText(view),
        attachments: [alertCard(view)],
      }),
    );
    if (!started.activityId) throw new AlertPostError('Teams createConversation returned no activity id');
    return { root: started.activityId, conversation: started.conversationId };
  }

  async updateRoot(channel: AlertChannel, thread: ThreadRef, view: RootView): Promise<void> {
    await this.#in(channel, this.#conversation(thread), (sender) =>
      sender.update(thread.root, {
        type: 'message',
        text: alertCardText(view),
        attachments: [alertCard(view)],
      }),
    );
  }

  async reply(channel: AlertChannel, thread: ThreadRef, markdown: string): Promise<string> {
    const id = await this.#in(channel, this.#conversation(thread), (sender) =>
      sender.send({ type: 'message', text: teamsEscape(markdown), textFormat: 'markdown' }),
    );
    if (!id) throw new AlertPostError('Teams sendToConversation returned no activity id');
    return id;
  }

  async updateReply(
    channel: AlertChannel,
    thread: ThreadRef,
    replyId: string,
    markdown: string,
  ): Promise<void> {
    await this.#in(channel, this.#conversation(thread), (sender) =>
      sender.update(replyId, { type: 'message', text: teamsEscape(markdown), textFormat: 'markdown' }),
    );
  }

  #conversation(thread: ThreadRef): string {
    if (!thread.conversation) throw new AlertPostError('The Teams thread record names no conversation');
    return thread.conversation;
  }

  /** Runs `work` with a sender on `conversationId` of the channel's team (its tenant). */
  async #in<T>(
    channel: AlertChannel,
    conversationId: string,
    work: (sender: TeamsSender) => Promise<T>,
  ): Promise<T> {
    const appId = this.#options.appId ?? '';
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: this.#options.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL,
      conversation: {
        id: conversationId,
        tenantId: channel.workspaceId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
      },
      bot: { id: appId ? `28:${appId}` : 'centralops', name: 'CentralOps' },
    };
    let result: T | undefined;
    let done = false;
    await this.#options.adapter.continueConversationAsync(
      appId,
      reference as ConversationReference,
      async (context) => {
        result = await work(new TeamsSender(context, reference, this.#options.retry));
        done = true;
      },
    );
    if (!done) throw new AlertPostError('The Teams adapter did not run the turn');
    return result as T;
  }
}
