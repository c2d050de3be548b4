/**
 * Slack's HTTP requests as Lambda Function URL (payload 2.0) events, signed the way Slack signs
 * them: `v0=` + HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). Payload builders follow
 * the examples in Slack's Events API, slash command and agent documentation.
 */
import { createHmac } from 'node:crypto';
import type { AwsHandler } from '#bot/src/slack/ack-handler.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const TEAM = 'T0CENTRAL';
export const BOT_USER = 'U0CENTRALOPS';

/** Payload 2.0 (Function URL / HTTP API), the variant of Bolt's AwsEvent with a `version`. */
export type LambdaUrlEvent = Extract<Parameters<AwsHandler>[0], { version: string }>;

export interface SignOptions {
  /** @default SIGNING_SECRET */
  readonly secret?: string;
  /** Seconds since the epoch. @default now */
  readonly timestamp?: number;
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  readonly headers?: Record<string, string>;
  /** Replaces the computed signature. */
  readonly signature?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A payload 2.0 event carrying Slack's POST. */
export function signedEvent(body: string, contentType: string, options: SignOptions = {}): LambdaUrlEvent {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...Object.fromEntries(
        Object.entries(options.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
      ),
    },
    requestContext: {
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '54.1.2.3',
        userAgent: 'Slackbot',
      },
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

export function signedJson(payload: unknown, options?: SignOptions): LambdaUrlEvent {
  return signedEvent(JSON.stringify(payload), 'application/json', options);
}

export function signedForm(fields: Record<string, string>, options?: SignOptions): LambdaUrlEvent {
  return signedEvent(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
}

let sequence = 0;
function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}${String(sequence).padStart(8, '0')}`;
}

function envelope(event: Record<string, unknown>, team: string, sharedChannel = false) {
  return {
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    team_id: team,
    api_app_id: 'A0CENTRALOPS',
    event,
    type: 'event_callback',
    event_id: nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: sharedChannel,
    event_context: `4-${nextId('ctx')}`,
  };
}

export interface MessageOptions {
  readonly text: string;
  readonly user?: string;
  readonly channel?: string;
  readonly ts?: string;
  readonly threadTs?: string;
  /** The installing workspace (the envelope's `team_id`). @default TEAM */
  readonly team?: string;
  /**
   * A Slack Connect channel: the author's own team as `user_team`/`team` (unset: as Slack sends
   * them for a member of `team`), and the envelope's `is_ext_shared_channel`.
   */
  readonly sharedChannel?: { readonly userTeam?: string };
}

/** The author fields of a message event: a person of `team`, or of their own team in a shared channel. */
function author(options: MessageOptions) {
  const team = options.team ?? TEAM;
  if (!options.sharedChannel) return { user: options.user ?? 'U0ALICE', team };
  const { userTeam } = options.sharedChannel;
  return {
    user: options.user ?? 'U0ALICE',
    ...(userTeam ? { team: userTeam, user_team: userTeam, source_team: userTeam } : {}),
  };
}

/** `app_mention` in a channel (Events API). */
export function appMention(options: MessageOptions) {
  const ts = options.ts ?? `1731900000.${nextId('').slice(-6)}`;
  return envelope(
    {
      type: 'app_mention',
      ...author(options),
      text: `<@${BOT_USER}> ${options.text}`,
      ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      channel: options.channel ?? 'C0INCIDENT',
      event_ts: ts,
      blocks: [],
    },
    options.team ?? TEAM,
    options.sharedChannel !== undefined,
  );
}

/**
 * An `app_mention` posted by a bot (`bot_id`, `bot_profile`, the bot's user id), as Slack delivers
 * one: `bot` names this app's own bot user (BOT_USER) or another app's.
 */
export function botMention(options: { text: string; bot: 'self' | 'other'; withBotFields?: boolean }) {
  const self = options.bot === 'self';
  const payload = appMention({ text: options.text, user: self ? BOT_USER : 'U0OTHERBOT' });
  if (options.withBotFields === false) return payload;
  return {
    ...payload,
    event: {
      ...payload.event,
      bot_id: self ? 'B0CENTRALOPS' : 'B0OTHERAPP',
      app_id: self ? 'A0CENTRALOPS' : 'A0OTHERAPP',
      bot_profile: {
        id: self ? 'B0CENTRALOPS' : 'B0OTHERAPP',
        deleted: false,
        name: self ? 'centralops' : 'pager-relay',
        updated: 1731900000,
        app_id: self ? 'A0CENTRALOPS' : 'A0OTHERAPP',
        team_id: TEAM,
      },
    },
  };
}

/** `message.im`: a DM to the app (also how the agent pane delivers what the user types). */
export function messageIm(options: MessageOptions) {
  const ts = options.ts ?? `1731900000.${nextId('').slice(-6)}`;
  return envelope(
    {
      type: 'message',
      channel_type: 'im',
      user: options.user ?? 'U0ALICE',
      text: options.text,
      ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      channel: options.channel ?? 'D0ALICE',
      event_ts: ts,
      team: options.team ?? TEAM,
    },
    options.team ?? TEAM,
  );
}

/** The slash command's form fields, as Slack POSTs them. */
export function slashCommand(
  text: string,
  options: { user?: string; channel?: string; team?: string; responseUrl?: string; userTeam?: string } = {},
) {
  return {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: options.team ?? TEAM,
    team_domain: 'central',
    channel_id: options.channel ?? 'C0INCIDENT',
    channel_name: 'incident',
    user_id: options.user ?? 'U0ALICE',
    user_name: 'alice',
    command: '/ops',
    text,
    api_app_id: 'A0CENTRALOPS',
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? 'https://hooks.slack.com/commands/T0CENTRAL/1234/abcd',
    trigger_id: nextId('13345224609.738474920.'),
    // Slack Connect: the asker's own team, when it is not the app's.
    ...(options.userTeam ? { user_team: options.userTeam } : {}),
  };
}

/** POSTs a signed `/ops` slash command to a Slack endpoint over HTTP, as Slack does; resolves on the ack. */
export async function postSlashCommand(
  url: string,
  text: string,
  options: { user?: string; channel?: string; secret?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams(slashCommand(text, options)).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
    },
    body,
  });
  await response.text();
  return response;
}

/** `app_home_opened` on the Messages tab: under agent_view, the agent pane opening. */
export function appHomeOpened(options: { user?: string; channel?: string; tab?: 'home' | 'messages' } = {}) {
  return envelope(
    {
      type: 'app_home_opened',
      user: options.user ?? 'U0ALICE',
      channel: options.channel ?? 'D0ALICE',
      tab: options.tab ?? 'messages',
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    },
    TEAM,
  );
}

/** `app_context_changed`: the user looks at another channel while the agent pane is open. */
export function appContextChanged(viewedChannel: string, options: { user?: string; channel?: string } = {}) {
  return envelope(
    {
      type: 'app_context_changed',
      user: options.user ?? 'U0ALICE',
      channel: options.channel ?? 'D0ALICE',
      context: { entities: [{ type: 'slack#/types/channel_id', value: viewedChannel, team_id: TEAM }] },
      event_ts: `${Math.floor(Date.now() / 1000)}.000200`,
    },
    TEAM,
  );
}

export interface BlockActionsOptions {
  /** The button's `action_id` (`refresh:0`). */
  readonly actionId: string;
  readonly value: string;
  /** The tapped message. */
  readonly messageTs: string;
  /** The thread it is in, when it is a reply. */
  readonly threadTs?: string;
  readonly channel?: string;
  /** The tapper. @default 'U0ALICE' */
  readonly user?: string;
  /** The tapper's own team in a Slack Connect channel (`user.team_id`). @default team */
  readonly userTeam?: string;
  /** The installing workspace. @default TEAM */
  readonly team?: string;
  /** The tapped message is an ephemeral note. @default false */
  readonly ephemeral?: boolean;
  readonly responseUrl?: string;
}

/**
 * A `block_actions` interaction payload: a tap on a message's button, as Slack's reference
 * documents it (docs.slack.dev/reference/interaction-payloads/block_actions-payload). Slack POSTs it
 * form-encoded as one `payload` field of JSON: `signedForm({ payload: JSON.stringify(…) })`.
 */
export function blockActions(options: BlockActionsOptions) {
  const team = options.team ?? TEAM;
  const channel = options.channel ?? 'C0INCIDENT';
  const user = options.user ?? 'U0ALICE';
  const actionTs = `${Math.floor(Date.now() / 1000)}.${nextId('').slice(-6)}`;
  return {
    type: 'block_actions',
    user: {
      id: user,
      username: user.toLowerCase(),
      name: user.toLowerCase(),
      team_id: options.userTeam ?? team,
    },
    api_app_id: 'A0CENTRALOPS',
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    container: {
      type: 'message',
      message_ts: options.messageTs,
      channel_id: channel,
      is_ephemeral: options.ephemeral ?? false,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    trigger_id: nextId('13345224609.738474920.'),
    team: { id: team, domain: 'central' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'incident' },
    ...(options.ephemeral
      ? {}
      : {
          message: {
            bot_id: 'B0CENTRALOPS',
            type: 'message',
            text: 'CentralOps answer',
            user: BOT_USER,
            ts: options.messageTs,
            app_id: 'A0CENTRALOPS',
            team,
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
            blocks: [],
          },
        }),
    state: { values: {} },
    response_url: options.responseUrl ?? 'https://hooks.slack.com/actions/T0CENTRAL/1234/abcd',
    actions: [
      {
        action_id: options.actionId,
        block_id: 'answer-actions',
        text: { type: 'plain_text', text: 'Refresh', emoji: true },
        value: options.value,
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
}
