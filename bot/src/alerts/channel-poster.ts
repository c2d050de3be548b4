/**
 * What the poster needs from a chat platform to keep an alert's thread: post the root message,
 * update it in place, reply in its thread, update a reply in place. One implementation per
 * platform (slack-poster.ts, teams-poster.ts), each on that platform's own client.
 */
import type { Alert } from './alert.ts';
import type { ThreadRef } from './alert-state.ts';
import type { AlertChannel } from './delivery.ts';

/** The root message as it reads now. */
export interface RootView {
  readonly alert: Alert;
  readonly accountLabel: string;
  /** The thread record's id: the Slack root carries it in its metadata (`thread`). */
  readonly threadId: string;
}

export interface AlertChannelPoster {
  postRoot(channel: AlertChannel, view: RootView): Promise<ThreadRef>;
  updateRoot(channel: AlertChannel, thread: ThreadRef, view: RootView): Promise<void>;
  /** Returns the reply's id (to update it in place later). */
  reply(channel: AlertChannel, thread: ThreadRef, markdown: string): Promise<string>;
  updateReply(channel: AlertChannel, thread: ThreadRef, replyId: string, markdown: string): Promise<void>;
}
