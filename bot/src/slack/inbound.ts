/**
 * Slack payloads → SlackWork, pure: the mention is stripped, the thread chosen
 * (`thread_ts ?? ts`), `private` read, and only the verified envelope's team and user are used.
 */
import type { ChatEvent } from '../core/chat-event.ts';
import { parseQuestionText } from '../core/command-text.ts';
import { SLACK_CONTEXT, type SlackWork } from './work.ts';

/** What a mention or DM with no words asks. */
export const BARE_MENTION_PROMPT = 'help';

/** The one slash command the app registers (bot/slack/manifest.json). */
export const SLASH_COMMAND = '/ops';

export interface MentionPayload {
  readonly event_id: string;
  readonly team_id: string;
  readonly event: {
    readonly user?: string;
    readonly text?: string;
    readonly ts: string;
    readonly thread_ts?: string;
    readonly channel: string;
    readonly channel_type?: string;
  };
}

export interface SlashCommandPayload {
  readonly team_id: string;
  readonly channel_id: string;
  readonly user_id: string;
  readonly command: string;
  readonly text: string;
  readonly response_url: string;
  readonly trigger_id: string;
}

/** `<@U0BOT> list ec2` → `list ec2`: user mentions are addressing, not part of the question. */
export function stripMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An `app_mention` or a DM (`message.im`, the agent pane) as a question. */
export function messageQuestion(
  payload: MentionPayload,
  surface: 'mention' | 'direct',
): SlackWork | undefined {
  const { event } = payload;
  if (!event.user) return undefined;
  const question = parseQuestionText(stripMentions(event.text ?? ''));
  const chatEvent: ChatEvent = {
    platform: 'slack',
    eventId: payload.event_id,
    workspaceId: payload.team_id,
    userId: event.user,
    channelId: event.channel,
    threadId: event.thread_ts ?? event.ts,
    surface,
    // A bare mention still deserves an answer: what CentralOps can do.
    text: question.text || BARE_MENTION_PROMPT,
    // A DM is private already; "private" there is just a word.
    private: surface === 'mention' && question.private,
    platformContext: {
      [SLACK_CONTEXT.channelType]: event.channel_type ?? (surface === 'direct' ? 'im' : 'channel'),
    },
  };
  return { kind: 'question', event: chatEvent };
}

/**
 * `/ops prod s3 [private]` as a question. Its thread does not exist yet: the worker posts the root
 * message once the user is known, so the trigger id names the agent session until then.
 */
export function commandQuestion(payload: SlashCommandPayload): SlackWork {
  const question = parseQuestionText(payload.text);
  const chatEvent: ChatEvent = {
    platform: 'slack',
    eventId: `command:${payload.trigger_id}`,
    workspaceId: payload.team_id,
    userId: payload.user_id,
    channelId: payload.channel_id,
    threadId: payload.trigger_id,
    surface: 'command',
    text: question.text,
    private: question.private,
    platformContext: {
      [SLACK_CONTEXT.responseUrl]: payload.response_url,
      [SLACK_CONTEXT.commandLine]: `${payload.command} ${payload.text}`.trim(),
      [SLACK_CONTEXT.channelType]: payload.channel_id.startsWith('D') ? 'im' : 'channel',
    },
  };
  return { kind: 'question', event: chatEvent };
}
