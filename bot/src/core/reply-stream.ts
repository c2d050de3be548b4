/**
 * How the shared pipeline writes into a chat thread. Each platform implements it (Slack: chat
 * streaming with chat.update fallback; Teams: streaminfo in 1:1, update-in-place elsewhere), so the
 * pipeline never knows which chat it is talking to.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { ChatButton } from './chat-button.ts';
import type { ChatProfile, ConfirmationAddress } from './chat-event.ts';

export interface ReplyStream {
  /** Feeds one agent event; the implementation decides how and when it becomes visible. */
  push(event: AgentEvent): Promise<void>;
  /** Ends the reply with one short error message in the thread (never silence). */
  fail(message: string): Promise<void>;
  /** Flushes and closes, offering `buttons` under the answer where the platform can; safe to call after fail(). */
  close(buttons?: readonly ChatButton[]): Promise<void>;
}

/** A private note to the asker only (Slack ephemeral, Teams 1:1): link prompts, refusals. */
export interface PrivateNotifier {
  notify(markdown: string): Promise<void>;
  /** Where later private notes reach the asker, for platforms that need one (see LinkContext). */
  confirmationAddress?(): Promise<ConfirmationAddress | undefined>;
  /** The asker's name and email in the platform's directory, read when a link is issued (see LinkContext). */
  chatProfile?(): Promise<ChatProfile | undefined>;
}
