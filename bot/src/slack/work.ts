/**
 * What the ack path hands to the worker (the asynchronous Lambda payload): a question as the
 * platform-neutral ChatEvent, a button tap as the ChatAction, or an agent-pane event that only needs
 * suggested prompts. Built from the verified request only.
 */
import type { ChatAction } from '../core/chat-action.ts';
import type { ChatEvent } from '../core/chat-event.ts';

export type SlackWork =
  | { readonly kind: 'question'; readonly event: ChatEvent }
  /** A tap on one of our buttons (`block_actions`). */
  | { readonly kind: 'action'; readonly action: ChatAction }
  /** The agent pane was opened (`app_home_opened`, tab `messages`) or its context changed. */
  | {
      readonly kind: 'agent_pane';
      readonly teamId: string;
      readonly userId: string;
      /** The DM channel of the agent pane. */
      readonly channelId: string;
      /** The channel the user is looking at, when `app_context_changed` named one. */
      readonly viewedChannelId?: string;
    };

/** Keys of ChatEvent.platformContext the Slack worker reads. */
export const SLACK_CONTEXT = {
  /** The slash command's or the tap's response_url (ephemeral answers without channel membership). */
  responseUrl: 'responseUrl',
  /** The slash command as typed, for the root message: `/ops prod s3`. */
  commandLine: 'commandLine',
  /** `im` for DMs and the agent pane, `channel` / `group` otherwise. */
  channelType: 'channelType',
} as const;
