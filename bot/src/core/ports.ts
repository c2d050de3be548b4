/**
 * What the shared pipeline and the link callback need from the rest of the bot, as small
 * interfaces so each part is built and tested on its own: identity (bot/src/identity), the runtime
 * client (bot/src/runtime), dedupe (state table), each platform's link confirmation.
 */

import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import type { IdentityVerb } from '#contracts/ops-command.ts';
import type { TraceContext } from '#contracts/trace.ts';
import type { ChatIdentity } from '../identity/identity-store.ts';
import type { ActionAccess } from './chat-action.ts';
import type { ChatEvent, ChatProfile, ConfirmationAddress } from './chat-event.ts';

export type IdentityResolution =
  | { readonly status: 'linked'; readonly cognitoUsername: string; readonly cognitoSub: string }
  /** No mapping yet: `linkUrl` is a fresh one-time link bound to this chat identity. */
  | { readonly status: 'unlinked'; readonly linkUrl: string }
  /** Mapped, but the Cognito user is disabled or gone. */
  | { readonly status: 'disabled'; readonly linkUrl: string; readonly reason: string }
  /** The Slack workspace / Teams tenant is not on the allow-list. */
  | { readonly status: 'workspace_refused' };

/** What a link keeps from the chat it was issued in. */
export interface LinkContext {
  /** Where the callback confirms the link; unset where the platform needs none (Slack DMs the user id). */
  readonly confirmationAddress?: ConfirmationAddress;
  /** Who the asker is in the platform's directory; unset when the platform would not say. */
  readonly profile?: ChatProfile;
}

/** The asker's LinkContext, looked up only when a link is issued (on Teams it may open the 1:1 chat). Never rejects. */
export type LinkContextLookup = () => Promise<LinkContext>;

/** Who is asking (or tapping), as the platform's verified envelope names them. */
export type ChatUser = Pick<ChatEvent, 'platform' | 'workspaceId' | 'userId'>;

export interface IdentityPort {
  /** `linkContext`: stored with a link issued here, for the link page and the confirmation in chat. */
  resolve(who: ChatUser, linkContext?: LinkContextLookup): Promise<IdentityResolution>;
  /** An identity verb (`/ops link|whoami|unlink`): returns the private (ephemeral) reply as markdown. */
  handleCommand(event: ChatEvent, verb: IdentityVerb, linkContext?: LinkContextLookup): Promise<string>;
}

/** The conversation a tap happened in, as the channels table keys its policy. */
export interface AccessScope {
  readonly platform: ChatEvent['platform'];
  readonly workspaceId: string;
  readonly channelId: string;
}

export interface AccessPort {
  /**
   * What the Cognito user `cognitoSub` may read in `scope`, read now (their groups, the channel's
   * policy, the registry); undefined when the user is gone or disabled.
   */
  read(cognitoSub: string, scope: AccessScope): Promise<ActionAccess | undefined>;
}

export interface AgentRuntimePort {
  /**
   * Invokes the agent as `runtimeUserId` (the Cognito sub) and yields its events in order; throws
   * AgentUnreachableError or AgentBadAnswerError (core/errors.ts) when it cannot. `trace`: the
   * question's trace, which the agent continues.
   */
  invoke(
    request: AgentRequest,
    runtimeUserId: string,
    signal?: AbortSignal,
    trace?: TraceContext,
  ): AsyncIterable<AgentEvent>;
}

export interface DedupePort {
  /**
   * Runs `work` the first time `key` is delivered within the TTL and returns true; returns false
   * for a repeat, whether its first delivery is done or still running. When `work` throws, the key
   * is given back (the platform's retry runs it) and the error goes up. Throws DedupeError when the
   * record cannot be written.
   */
  once(key: string, work: () => Promise<void>): Promise<boolean>;
}

/**
 * Confirms a completed link in the chat of the account it linked (the link callback's), one
 * implementation per platform (`<platform>/link-notifier.ts`). A platform without one, or a
 * confirmation that fails, leaves the confirmation page as the only confirmation.
 */
export interface LinkConfirmationNotifier {
  /**
   * `markdown`: one short note for the user who linked. `address`: the link record's, as stored
   * when the link was issued from `who`'s chat (checked by the platform's notifier).
   */
  confirm(who: ChatIdentity, markdown: string, address?: ConfirmationAddress): Promise<void>;
}
