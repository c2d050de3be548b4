/**
 * A verified Teams message activity → the platform-neutral ChatEvent plus the conversation
 * reference the worker needs to answer; a card button's invoke → the ChatAction. Pure: no I/O, so
 * every rule is tested on its own.
 */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
// The mini build, as Slack's inbound: the ack Lambda's bundle and cold start stay small.
import * as z from 'zod/mini';
import { opsCommandText, parseQuestionText } from '#contracts/ops-command.ts';
import { ACTION_NAME, type ChatAction, MAX_ACTION_VALUE_CHARS } from '../core/chat-action.ts';
import type { ChatEvent, ChatSurface } from '../core/chat-event.ts';
import type { TeamsActionWork, TeamsTurnWork } from './work.ts';

/** Teams' conversation types (`conversation.conversationType`). */
export const CONVERSATION_TYPES = {
  personal: 'personal',
  groupChat: 'groupChat',
  channel: 'channel',
} as const;

export type ActivityMapping =
  | { readonly status: 'accepted'; readonly work: TeamsTurnWork }
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

  const { threadId, channelId, reference } = placeOf(activity, activity.id);
  const surface: ChatSurface = command !== undefined ? 'command' : isPersonal ? 'direct' : 'mention';
  const event: ChatEvent = {
    platform: 'teams',
    eventId: activity.id,
    workspaceId: tenantOf(activity),
    userId,
    channelId,
    threadId,
    surface,
    text: question.text,
    private: question.private,
    platformContext: { conversationType },
  };
  return { status: 'accepted', work: { kind: 'teams.turn', event, reference } };
}

/**
 * Where an activity happened: its channel, the thread its answer belongs in (a channel's reply
 * chain, by its root id; a chat as a whole) and the reference that answers there. `fallbackRoot`:
 * the root when the conversation id names none (a new channel post: the post itself).
 */
function placeOf(
  activity: Activity,
  fallbackRoot: string | undefined,
): { threadId: string; channelId: string; reference: Partial<ConversationReference> } {
  const [baseConversationId, threadRoot] = splitThread(activity.conversation.id);
  const isChannel = activity.conversation.conversationType === CONVERSATION_TYPES.channel;
  const threadId = isChannel
    ? (threadRoot ?? activity.replyToId ?? fallbackRoot ?? baseConversationId)
    : activity.conversation.id;
  const channelData = activity.channelData as { channel?: { id?: string } } | undefined;
  const reference = TurnContext.getConversationReference(activity);
  return {
    threadId,
    channelId: isChannel ? (channelData?.channel?.id ?? baseConversationId) : baseConversationId,
    reference: {
      ...reference,
      conversation: {
        ...reference.conversation!,
        id: isChannel ? `${baseConversationId}${THREAD_SUFFIX}${threadId}` : activity.conversation.id,
      },
    },
  };
}

/** The invoke a card's Action.Execute button sends (Universal Actions). */
export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/** The invoke value's fields we read; the card's data is ours only in shape, never in trust. */
const executeSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().check(z.regex(ACTION_NAME)),
    data: z.optional(z.object({ value: z.optional(z.string().check(z.maxLength(MAX_ACTION_VALUE_CHARS))) })),
  }),
  trigger: z.optional(z.enum(['manual', 'automatic'])),
});

/** Past this, an invoke value is not one of our buttons' (each carries at most 2,000 characters). */
const MAX_INVOKE_VALUE_BYTES = 8_192;

export type InvokeMapping =
  | { readonly status: 'accepted'; readonly work: TeamsActionWork }
  /** Answered with an error invoke response (`application/vnd.microsoft.error`). */
  | { readonly status: 'refused'; readonly code: string; readonly message: string }
  | { readonly status: 'ignored'; readonly reason: string };

/** A verified `adaptiveCard/action` invoke → the ChatAction a worker runs, or why not. */
export function mapInvoke(activity: Activity): InvokeMapping {
  if (activity.type !== 'invoke' || activity.name !== ADAPTIVE_CARD_ACTION) {
    return { status: 'ignored', reason: `invoke ${String(activity.name)}` };
  }
  const userId = activity.from?.aadObjectId;
  if (!activity.id || !userId) return { status: 'refused', code: 'BadRequest', message: 'No sender.' };
  if (!activity.replyToId) return { status: 'refused', code: 'BadRequest', message: 'No card message.' };
  if (Buffer.byteLength(JSON.stringify(activity.value ?? null)) > MAX_INVOKE_VALUE_BYTES) {
    return { status: 'refused', code: 'BadRequest', message: 'The action data is too large.' };
  }
  const parsed = executeSchema.safeParse(activity.value);
  if (!parsed.success) return { status: 'refused', code: 'BadRequest', message: 'Not an action of ours.' };
  if (parsed.data.trigger === 'automatic') {
    return { status: 'refused', code: 'NotSupported', message: 'Cards are not refreshed automatically.' };
  }
  const { threadId, channelId, reference } = placeOf(activity, activity.replyToId);
  const conversationType = activity.conversation.conversationType ?? 'unknown';
  const action: ChatAction = {
    platform: 'teams',
    deliveryId: activity.id,
    workspaceId: tenantOf(activity),
    userId,
    channelId,
    threadId,
    messageId: activity.replyToId,
    // A card in Teams is never one person's in a shared conversation; a 1:1 chat is the tapper's.
    private: false,
    name: parsed.data.action.verb,
    value: parsed.data.action.data?.value ?? '',
    platformContext: { conversationType },
  };
  return { status: 'accepted', work: { kind: 'teams.action', action, reference } };
}

/** `19:…@thread.tacv2;messageid=123` → [`19:…@thread.tacv2`, `123`]. */
function splitThread(conversationId: string): [string, string | undefined] {
  const at = conversationId.indexOf(THREAD_SUFFIX);
  if (at < 0) return [conversationId, undefined];
  return [conversationId.slice(0, at), conversationId.slice(at + THREAD_SUFFIX.length) || undefined];
}
