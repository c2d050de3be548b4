/**
 * What a chat platform adapter hands to the shared pipeline once it has verified and acked a
 * request: the platform-neutral question. Identity fields come only from the verified envelope.
 */
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';

/** `thread`: a reply, without a mention, in a thread CentralOps answered in. */
export type ChatSurface = 'mention' | 'command' | 'direct' | 'assistant' | 'thread';

export interface ChatEvent {
  readonly platform: ChatPlatformId;
  /** Dedupe key: Slack `event_id` / command trigger id, Teams activity id. */
  readonly eventId: string;
  /**
   * The asker's own workspace, which keys their identity: Slack the author's team (`user_team` in a
   * Slack Connect channel), Teams the tenant.
   */
  readonly workspaceId: string;
  /**
   * The workspace the conversation belongs to, when it is not the asker's (a Slack Connect channel
   * of the installing team): the channel's policy is read there. @default workspaceId
   */
  readonly conversationWorkspaceId?: string;
  /** Slack user id, Teams `from.aadObjectId`. */
  readonly userId: string;
  readonly channelId: string;
  /** Where the answer goes: Slack `thread_ts ?? ts`, Teams the root message id of the reply chain. */
  readonly threadId: string;
  /**
   * The conversation the thread continues, when its key is not the thread's own: an `/ops` thread is
   * keyed by the command that started it (its session and memory), whose root was posted later.
   * @default threadId
   */
  readonly conversationThreadId?: string;
  readonly surface: ChatSurface;
  /** The words asked, bot mention removed. */
  readonly text: string;
  /** `/ops ... private`: answer only to the asker. */
  readonly private: boolean;
  /** Platform details the adapter needs again in the worker (response_url, serviceUrl, ...). */
  readonly platformContext: Readonly<Record<string, string>>;
  /** The button whose tap asks this again (its action's name), for the audit. @default none */
  readonly action?: string;
}

/**
 * Where a private note reaches the asker after the turn is over (a completed link's confirmation),
 * as the platform adapter wrote it (Teams: the 1:1 conversation's serviceUrl, id, bot and tenant).
 * Opaque outside that adapter: it is stored with the link and checked by the adapter when read back.
 */
export type ConfirmationAddress = Readonly<Record<string, string>>;

/**
 * Who the asker is in the platform's own directory, read when a link is issued: the link page
 * shows it (the person signing in sees whose chat account they are linking) and, where an email is
 * known, it must match the Cognito user's.
 */
export interface ChatProfile {
  /** Slack real name, Teams display name. */
  readonly displayName?: string;
  /** Slack's profile email; Teams' mail and user principal name. */
  readonly emails?: readonly string[];
  /** Slack's team name; Teams gives none to a bot. */
  readonly workspaceName?: string;
}
