/**
 * Slack's verified requests → what the ack path acts on, pure. Every field read is checked for
 * shape first (zod): a request of no known shape is `undefined` (the Lambda path answers 400). The
 * asker is the event's author in their own team (Slack Connect: `user_team`), never the channel's
 * team; events authored by a bot (this app's own user above all) ask nothing.
 */
// The mini build: the full one would add ~450 kB to the ack Lambda's bundle and cold start.
import * as z from 'zod/mini';
import { OPS_COMMAND, parseQuestionText } from '#contracts/ops-command.ts';
import { type ChatAction, MAX_ACTION_VALUE_CHARS } from '../core/chat-action.ts';
import type { ChatEvent } from '../core/chat-event.ts';
import { BUTTON_ACTION_ID } from './buttons.ts';
import { SLACK_CONTEXT, type SlackWork } from './work.ts';

/** What a mention or DM with no words asks. */
export const BARE_MENTION_PROMPT = 'help';

/** The one slash command the app registers (bot/slack/manifest.json). */
export const SLASH_COMMAND = OPS_COMMAND;

/** Team, enterprise, user and conversation ids: upper-case letters and digits (T0…, E0…, U0…, W0…, C0…, D0…). */
const slackId = z.string().check(z.regex(/^[A-Z0-9]{2,40}$/));
/** Message timestamps: `1731900000.000100`. */
const messageTs = z.string().check(z.regex(/^\d{1,12}\.\d{1,9}$/));
/** Opaque strings Slack hands out (event ids, trigger ids). */
const opaque = z.string().check(z.minLength(1), z.maxLength(256));

const envelopeSchema = z.object({
  type: z.literal('event_callback'),
  /** The workspace the app is installed in: the conversation's, not necessarily the asker's. */
  team_id: slackId,
  event_id: opaque,
  is_ext_shared_channel: z.optional(z.boolean()),
  authorizations: z.optional(
    z.array(z.object({ user_id: z.optional(slackId), is_bot: z.optional(z.boolean()) })),
  ),
  event: z.looseObject({ type: z.string() }),
});
export type EventEnvelope = z.infer<typeof envelopeSchema>;

const messageEventSchema = z.object({
  type: z.enum(['app_mention', 'message']),
  subtype: z.optional(z.string()),
  user: z.optional(slackId),
  /** The author's own team (Slack Connect); `team` on older payloads. */
  user_team: z.optional(slackId),
  team: z.optional(slackId),
  bot_id: z.optional(z.string()),
  bot_profile: z.optional(z.unknown()),
  text: z.optional(z.string().check(z.maxLength(40_000))),
  ts: messageTs,
  thread_ts: z.optional(messageTs),
  channel: slackId,
  channel_type: z.optional(z.string()),
});

const paneEventSchema = z.object({
  type: z.enum(['app_home_opened', 'app_context_changed']),
  user: slackId,
  user_team: z.optional(slackId),
  channel: slackId,
  tab: z.optional(z.string()),
  context: z.optional(
    z.object({ entities: z.optional(z.array(z.object({ type: z.string(), value: z.unknown() }))) }),
  ),
});

const commandSchema = z.object({
  command: z.string().check(z.maxLength(64)),
  team_id: slackId,
  /** The asker's own team when it is not the app's (Slack Connect). */
  user_team: z.optional(slackId),
  user_id: slackId,
  channel_id: slackId,
  text: z._default(z.string().check(z.maxLength(40_000)), ''),
  response_url: z.url({ protocol: /^https?$/ }),
  trigger_id: opaque,
});
export type SlashCommandPayload = z.infer<typeof commandSchema>;

/**
 * A tap on one of our buttons (`block_actions`, interactivity's `payload=` JSON). Only the fields
 * read are kept; a button's value is bounded here and parsed by its action.
 */
const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  /** The workspace the app is installed in. */
  team: z.object({ id: slackId }),
  /** The tapper; `team_id` is their own team (Slack Connect). */
  user: z.object({ id: slackId, team_id: z.optional(slackId) }),
  trigger_id: opaque,
  response_url: z.optional(z.url({ protocol: /^https?$/ })),
  container: z.object({
    type: z.literal('message'),
    message_ts: messageTs,
    channel_id: slackId,
    is_ephemeral: z.optional(z.boolean()),
    thread_ts: z.optional(messageTs),
  }),
  message: z.optional(z.object({ thread_ts: z.optional(messageTs) })),
  // A button tap carries exactly one action.
  actions: z
    .array(
      z.object({
        type: z.literal('button'),
        action_id: z.string().check(z.regex(BUTTON_ACTION_ID)),
        value: z._default(z.string().check(z.maxLength(MAX_ACTION_VALUE_CHARS)), ''),
      }),
    )
    .check(z.length(1)),
});
export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

/** A verified request by kind; `other` (a view, a shortcut: nothing we offer) is acknowledged and ignored. */
export type SlackRequest =
  | { readonly kind: 'ssl_check' }
  | { readonly kind: 'url_verification'; readonly challenge: string }
  | { readonly kind: 'event'; readonly envelope: EventEnvelope; readonly outcome: EventOutcome }
  | { readonly kind: 'command'; readonly command: SlashCommandPayload }
  | { readonly kind: 'action'; readonly action: ChatAction; readonly teamId: string }
  | { readonly kind: 'other' };

/** The verified body's kind, or undefined when it has none of the shapes Slack sends. */
export function parseSlackRequest(body: unknown): SlackRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check !== undefined) return { kind: 'ssl_check' };
  if (fields.type === 'url_verification') {
    return typeof fields.challenge === 'string' && fields.challenge.length <= 256
      ? { kind: 'url_verification', challenge: fields.challenge }
      : undefined;
  }
  if (fields.type === 'event_callback') {
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) return undefined;
    const outcome = eventOutcome(envelope.data);
    return outcome ? { kind: 'event', envelope: envelope.data, outcome } : undefined;
  }
  if (fields.command !== undefined) {
    const command = commandSchema.safeParse(body);
    return command.success ? { kind: 'command', command: command.data } : undefined;
  }
  if (fields.type === 'block_actions') {
    const payload = blockActionsSchema.safeParse(body);
    return payload.success
      ? { kind: 'action', action: tappedAction(payload.data), teamId: payload.data.team.id }
      : undefined;
  }
  return { kind: 'other' };
}

/**
 * A button tap as a ChatAction: the tapper and their team, the channel and message from the
 * verified envelope; only `value` is the button's own.
 */
function tappedAction(payload: BlockActionsPayload): ChatAction {
  const [tapped] = payload.actions;
  const askerTeam = payload.user.team_id ?? payload.team.id;
  const { container } = payload;
  return {
    platform: 'slack',
    deliveryId: `action:${payload.trigger_id}`,
    workspaceId: askerTeam,
    ...(askerTeam !== payload.team.id ? { conversationWorkspaceId: payload.team.id } : {}),
    userId: payload.user.id,
    channelId: container.channel_id,
    threadId: container.thread_ts ?? payload.message?.thread_ts ?? container.message_ts,
    messageId: container.message_ts,
    private: container.is_ephemeral === true,
    name: BUTTON_ACTION_ID.exec(tapped!.action_id)![1]!,
    value: tapped!.value,
    platformContext: {
      ...(payload.response_url ? { [SLACK_CONTEXT.responseUrl]: payload.response_url } : {}),
      [SLACK_CONTEXT.channelType]: container.channel_id.startsWith('D') ? 'im' : 'channel',
    },
  };
}

/** `/ops` is asked from the asker's own team: `user_team` in a Slack Connect channel, else `team_id`. */
export function commandAskerTeam(command: SlashCommandPayload): string {
  return command.user_team ?? command.team_id;
}

/** `<@U0BOT> list ec2` → `list ec2`: user mentions are addressing, not part of the question. */
export function stripMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The work an event asks for, or why it asks nothing. */
export type EventOutcome =
  | { readonly status: 'work'; readonly work: SlackWork; readonly askerTeam: string }
  | { readonly status: 'ignored'; readonly reason: string };

/** What an Events API payload asks for; undefined when a field it needs has the wrong shape. */
function eventOutcome(envelope: EventEnvelope): EventOutcome | undefined {
  const { event } = envelope;
  switch (event.type) {
    case 'app_mention':
    case 'message':
      return messageWork(envelope);
    case 'app_home_opened':
    case 'app_context_changed':
      return paneWork(envelope);
    default:
      return { status: 'ignored', reason: `event type ${event.type}` };
  }
}

/** Channel and private-channel messages: questions only as replies in a thread CentralOps answered. */
const THREADED_CHANNEL_TYPES: ReadonlySet<string> = new Set(['channel', 'group']);

function messageWork(envelope: EventEnvelope): EventOutcome | undefined {
  const raw = envelope.event;
  // Edits, joins and the like carry no question; channel text counts in a thread we answered only.
  const inChannel = raw.type === 'message' && THREADED_CHANNEL_TYPES.has(String(raw.channel_type));
  if (raw.type === 'message' && (raw.subtype !== undefined || (raw.channel_type !== 'im' && !inChannel))) {
    return { status: 'ignored', reason: 'message without a question' };
  }
  const parsed = messageEventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  if (isBotAuthored(envelope, event)) return { status: 'ignored', reason: 'authored by a bot' };
  if (!event.user) return { status: 'ignored', reason: 'no author' };
  if (inChannel) {
    if (!event.thread_ts || event.thread_ts === event.ts)
      return { status: 'ignored', reason: 'not a thread reply' };
    // A reply that mentions us also comes as app_mention, which answers it.
    if (mentionsOurBot(envelope, event.text ?? ''))
      return { status: 'ignored', reason: 'answered as a mention' };
  }
  const askerTeam = eventAskerTeam(envelope, event.user_team ?? event.team);
  if (!askerTeam) return { status: 'ignored', reason: 'asker team unknown in a shared channel' };
  const surface = event.type === 'app_mention' ? 'mention' : inChannel ? 'thread' : 'direct';
  const question = parseQuestionText(stripMentions(event.text ?? ''));
  const chatEvent: ChatEvent = {
    platform: 'slack',
    eventId: envelope.event_id,
    workspaceId: askerTeam,
    ...(askerTeam !== envelope.team_id ? { conversationWorkspaceId: envelope.team_id } : {}),
    userId: event.user,
    channelId: event.channel,
    threadId: event.thread_ts ?? event.ts,
    surface,
    // A bare mention still deserves an answer: what CentralOps can do.
    text: question.text || BARE_MENTION_PROMPT,
    // A DM is private already; "private" there is just a word.
    private: surface !== 'direct' && question.private,
    platformContext: {
      [SLACK_CONTEXT.channelType]: event.channel_type ?? (surface === 'direct' ? 'im' : 'channel'),
    },
  };
  return { status: 'work', work: { kind: 'question', event: chatEvent }, askerTeam };
}

function paneWork(envelope: EventEnvelope): EventOutcome | undefined {
  const parsed = paneEventSchema.safeParse(envelope.event);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  if (event.type === 'app_home_opened' && event.tab !== 'messages') {
    return { status: 'ignored', reason: 'not the agent pane' };
  }
  const askerTeam = eventAskerTeam(envelope, event.user_team);
  if (!askerTeam) return { status: 'ignored', reason: 'asker team unknown in a shared channel' };
  const viewed = event.context?.entities?.find((entity) => entity.type === 'slack#/types/channel_id')?.value;
  const viewedChannelId = slackId.safeParse(viewed).data;
  return {
    status: 'work',
    askerTeam,
    work: {
      kind: 'agent_pane',
      teamId: askerTeam,
      userId: event.user,
      channelId: event.channel,
      ...(viewedChannelId ? { viewedChannelId } : {}),
    },
  };
}

/**
 * The author's own team as the event names it. Without one, the envelope's team stands only where
 * no other organization takes part (a channel that is not externally shared).
 */
function eventAskerTeam(envelope: EventEnvelope, authorTeam: string | undefined): string | undefined {
  if (authorTeam) return authorTeam;
  return envelope.is_ext_shared_channel === true ? undefined : envelope.team_id;
}

/** The text mentions this app's own bot user (`<@U0…>`). */
function mentionsOurBot(envelope: EventEnvelope, text: string): boolean {
  return (envelope.authorizations ?? []).some(
    (authorization) =>
      authorization.is_bot === true &&
      authorization.user_id !== undefined &&
      text.includes(`<@${authorization.user_id}`),
  );
}

/** A bot's message (`bot_id`, `bot_profile`, subtype `bot_message`) or one by this app's own bot user. */
function isBotAuthored(envelope: EventEnvelope, event: z.infer<typeof messageEventSchema>): boolean {
  if (event.bot_id !== undefined || event.bot_profile !== undefined || event.subtype === 'bot_message') {
    return true;
  }
  return (envelope.authorizations ?? []).some(
    (authorization) => authorization.is_bot === true && authorization.user_id === event.user,
  );
}

/**
 * `/ops prod s3 [private]` as a question. Its thread does not exist yet: the worker posts the root
 * message once the user is known, so the trigger id names the agent session until then.
 */
export function commandQuestion(payload: SlashCommandPayload): SlackWork {
  const question = parseQuestionText(payload.text);
  const askerTeam = commandAskerTeam(payload);
  const chatEvent: ChatEvent = {
    platform: 'slack',
    eventId: `command:${payload.trigger_id}`,
    workspaceId: askerTeam,
    ...(askerTeam !== payload.team_id ? { conversationWorkspaceId: payload.team_id } : {}),
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
