/**
 * A verified Teams message activity → the platform-neutral ChatEvent plus the conversation
 * reference the worker needs to answer. Pure: no I/O, so every rule is tested on its own.
 */
import { type Activity, TurnContext } from 'botbuilder';
import { opsCommandText, parseQuestionText } from '#contracts/ops-command.ts';
import type { ChatEvent, ChatSurface } from '../core/chat-event.ts';
import type { TeamsWorkItem } from './work.ts';

/** Teams' conversation types (`conversation.conversationType`). */
export const CONVERSATION_TYPES = {
  personal: 'personal',
  groupChat: 'groupChat',
  channel: 'channel',
} as const;

export type ActivityMapping =
  | { readonly status: 'accepted'; readonly work: TeamsWorkItem }
  /** Nothing to answer (not a message, no words, no Entra identity). */
  | { readonly status: 'ignored'; readonly reason: string };

const THREAD_SUFFIX = ';messageid=';

/** The only Bot Framework channel served: Teams itself sets who is asking from which tenant. */
export const TEAMS_CHANNEL_ID = 'msteams';

/**
 * The tenant, as Teams puts it on the conversation. Never `channelData.tenant`: on other channels
 * (Web Chat, Direct Line) the client writes channelData itself.
 */
export function tenantOf(activity: Partial<Activity>): string {
  return activity.conversation?.tenantId ?? '';
}

export function mapActivity(activity: Activity): ActivityMapping {
  if (activity.type !== 'message') return { status: 'ignored', reason: `activity type ${activity.type}` };
  // The activity id keys dedupe on both paths: without one, re-sends could not be told apart.
  if (!activity.id) return { status: 'ignored', reason: 'no activity id' };
  const userId = activity.from?.aadObjectId;
  // Identity is the Entra object id only: display names and emails are not identities.
  if (!userId) return { status: 'ignored', reason: 'sender has no aadObjectId' };
  // Unknown scope is never treated as personal: native streaming is for 1:1 chats only.
  const conversationType = activity.conversation.conversationType ?? 'unknown';
  const isPersonal = conversationType === CONVERSATION_TYPES.personal;
  const words = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
  if (!words) return { status: 'ignored', reason: 'no text' };
  // Teams has no slash commands: `ops prod s3` / `/ops prod s3` is typed as text.
  const command = opsCommandText(words, { slashOptional: true });
  const question = parseQuestionText(command ?? words);

  const [baseConversationId, threadRoot] = splitThread(activity.conversation.id);
  const isChannel = conversationType === CONVERSATION_TYPES.channel;
  // A channel answer goes in the reply chain of the mentioning message: its root id.
  const threadId = isChannel
    ? (threadRoot ?? activity.replyToId ?? activity.id ?? baseConversationId)
    : activity.conversation.id;
  const channelData = activity.channelData as { channel?: { id?: string } } | undefined;
  const reference = TurnContext.getConversationReference(activity);
  const surface: ChatSurface = command !== undefined ? 'command' : isPersonal ? 'direct' : 'mention';
  const event: ChatEvent = {
    platform: 'teams',
    eventId: activity.id,
    workspaceId: tenantOf(activity),
    userId,
    channelId: isChannel ? (channelData?.channel?.id ?? baseConversationId) : baseConversationId,
    threadId,
    surface,
    text: question.text,
    private: question.private,
    platformContext: { conversationType },
  };
  return {
    status: 'accepted',
    work: {
      kind: 'teams.turn',
      event,
      reference: {
        ...reference,
        conversation: {
          ...reference.conversation!,
          id: isChannel ? `${baseConversationId}${THREAD_SUFFIX}${threadId}` : activity.conversation.id,
        },
      },
    },
  };
}

/** `19:…@thread.tacv2;messageid=123` → [`19:…@thread.tacv2`, `123`]. */
function splitThread(conversationId: string): [string, string | undefined] {
  const at = conversationId.indexOf(THREAD_SUFFIX);
  if (at < 0) return [conversationId, undefined];
  return [conversationId.slice(0, at), conversationId.slice(at + THREAD_SUFFIX.length) || undefined];
}
