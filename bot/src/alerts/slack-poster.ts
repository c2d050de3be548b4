/**
 * Alerts in a Slack channel, through the worker's own Web API client (bot/src/slack/web-client.ts:
 * on 429 it waits the Retry-After it is given and retries): the root with chat.postMessage, its
 * status with chat.update, the thread's lines as replies.
 */
import type { WebClient } from '@slack/web-api';
import { escapeMrkdwn } from '../slack/blocks.ts';
import { slackErrorCode } from '../slack/web-client.ts';
import type { ThreadRef } from './alert-state.ts';
import type { AlertChannelPoster, RootView } from './channel-poster.ts';
import type { AlertChannel } from './delivery.ts';
import { AlertPostError } from './errors.ts';
import { alertBlocks, alertFallbackText, alertMetadata } from './slack-message.ts';

export class SlackAlertPoster implements AlertChannelPoster {
  readonly #client: WebClient;

  constructor(client: WebClient) {
    this.#client = client;
  }

  async postRoot(channel: AlertChannel, view: RootView): Promise<ThreadRef> {
    const result = await this.#call('chat.postMessage', () =>
      this.#client.chat.postMessage({
        channel: channel.channelId,
        text: alertFallbackText(view),
        blocks: alertBlocks(view),
        metadata: alertMetadata(view),
        unfurl_links: false,
      }),
    );
    if (!result.ts) throw new AlertPostError('chat.postMessage returned no ts');
    return { root: result.ts };
  }

  async updateRoot(channel: AlertChannel, thread: ThreadRef, view: RootView): Promise<void> {
    await this.#call('chat.update', () =>
      this.#client.chat.update({
        channel: channel.channelId,
        ts: thread.root,
        text: alertFallbackText(view),
        blocks: alertBlocks(view),
        metadata: alertMetadata(view),
      }),
    );
  }

  async reply(channel: AlertChannel, thread: ThreadRef, markdown: string): Promise<string> {
    const result = await this.#call('chat.postMessage', () =>
      this.#client.chat.postMessage({
        channel: channel.channelId,
        thread_ts: thread.root,
        text: escapeMrkdwn(markdown),
        unfurl_links: false,
      }),
    );
    if (!result.ts) throw new AlertPostError('chat.postMessage returned no ts');
    return result.ts;
  }

  async updateReply(
    channel: AlertChannel,
    _thread: ThreadRef,
    replyId: string,
    markdown: string,
  ): Promise<void> {
    await this.#call('chat.update', () =>
      this.#client.chat.update({ channel: channel.channelId, ts: replyId, text: escapeMrkdwn(markdown) }),
    );
  }

  async #call<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AlertPostError(
        `Slack ${method} failed: ${slackErrorCode(error) ?? (error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}
