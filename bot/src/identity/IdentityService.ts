/**
 * Who is asking, for the shared pipeline: the workspace allow-list, the chat user's mapping in the
 * identities table (cached briefly) and the Cognito user behind it (enabled, groups). Only the
 * verified envelope's platform/workspace/user is ever used, never message text.
 */
import { type DirectoryUser, parseGroup, type UserDirectory } from '#access/index.ts';
import type { IdentityVerb } from '#contracts/ops-command.ts';
import type { Identity } from '#contracts/registry.ts';
import type { ChatEvent } from '../core/chat-event.ts';
import type { ChatUser, IdentityPort, IdentityResolution, LinkContextLookup } from '../core/ports.ts';
import { type ChatIdentity, chatIdentityOf, type IdentityStore, identityKeyOf } from './identity-store.ts';
import type { LinkUrlIssuer } from './link-issuer.ts';
import type { WorkspaceAllowList } from './workspaces.ts';

export interface IdentityServiceOptions {
  readonly identities: IdentityStore;
  readonly directory: UserDirectory;
  readonly links: LinkUrlIssuer;
  readonly allowedWorkspaces: WorkspaceAllowList;
  /** How long a found mapping is reused; unlinked users are never cached so a fresh link shows at once. @default 30_000 */
  readonly cacheTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export const WORKSPACE_REFUSED_MESSAGE =
  'This workspace is not allowed to use CentralOps. Ask your CentralOps admin.';

export class IdentityService implements IdentityPort {
  readonly #identities: IdentityStore;
  readonly #directory: UserDirectory;
  readonly #links: LinkUrlIssuer;
  readonly #allowedWorkspaces: WorkspaceAllowList;
  readonly #cacheTtlMs: number;
  readonly #now: () => number;
  readonly #mappings = new Map<string, { expiresAt: number; identity: Identity }>();

  constructor(options: IdentityServiceOptions) {
    this.#identities = options.identities;
    this.#directory = options.directory;
    this.#links = options.links;
    this.#allowedWorkspaces = options.allowedWorkspaces;
    this.#cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  async resolve(asker: ChatUser, linkContext?: LinkContextLookup): Promise<IdentityResolution> {
    const who = chatIdentityOf(asker);
    if (!this.#allowedWorkspaces.allows(who.platform, who.workspaceId))
      return { status: 'workspace_refused' };
    const identity = await this.#mapping(who);
    if (!identity) return { status: 'unlinked', linkUrl: await this.#linkUrl(who, linkContext) };
    const user = await this.#cognitoUser(identity);
    if (!user) {
      return {
        status: 'disabled',
        linkUrl: await this.#linkUrl(who, linkContext),
        reason: `Your linked Cognito user ${identity.cognitoUsername} no longer exists.`,
      };
    }
    if (!user.enabled) {
      return {
        status: 'disabled',
        linkUrl: await this.#linkUrl(who, linkContext),
        reason: `Your linked Cognito user ${user.username} is disabled.`,
      };
    }
    return { status: 'linked', cognitoUsername: user.username, cognitoSub: user.sub };
  }

  async handleCommand(
    event: ChatEvent,
    verb: IdentityVerb,
    linkContext?: LinkContextLookup,
  ): Promise<string> {
    const who = chatIdentityOf(event);
    if (!this.#allowedWorkspaces.allows(who.platform, who.workspaceId)) return WORKSPACE_REFUSED_MESSAGE;
    return this.#verbs[verb](who, linkContext);
  }

  /** The identity verbs (contracts/ops-command.ts), one each: a verb without its answer does not compile. */
  readonly #verbs: {
    readonly [Verb in IdentityVerb]: (who: ChatIdentity, linkContext?: LinkContextLookup) => Promise<string>;
  } = {
    link: async (who, linkContext) =>
      `[Link your account](${await this.#linkUrl(who, linkContext)}): sign in to prove who you are. The link is yours alone, works once and expires in a few minutes.`,
    whoami: (who) => this.#whoami(who),
    unlink: async (who) => {
      await this.#identities.delete(who);
      this.#mappings.delete(identityKeyOf(who));
      return 'Unlinked: CentralOps no longer knows who you are here. Run `/ops link` to link again.';
    },
  };

  async #linkUrl(who: ChatIdentity, linkContext?: LinkContextLookup): Promise<string> {
    return this.#links.createLinkUrl(who, await linkContext?.());
  }

  async #whoami(who: ChatIdentity): Promise<string> {
    const identity = await this.#mapping(who);
    if (!identity) return 'You are not linked to a Cognito user yet. Run `/ops link`.';
    const user = await this.#cognitoUser(identity);
    if (!user)
      return `You are linked to Cognito user **${identity.cognitoUsername}**, which no longer exists.`;
    const lines = [
      `You are linked to Cognito user **${user.username}** (sub \`${user.sub}\`)${user.enabled ? '' : ', which is **disabled**'}.`,
      user.groups.length > 0 ? 'Groups:' : 'Groups: none (you can read no account).',
      ...user.groups.map((group) => `• ${group}: ${describeGroup(group)}`),
    ];
    return lines.join('\n');
  }

  /** The Cognito user behind a mapping: by sub when known (a recreated user with the same name is someone else), else by the seeded username. */
  async #cognitoUser(identity: Identity): Promise<DirectoryUser | undefined> {
    if (!identity.cognitoSub) return this.#directory.getUserByUsername(identity.cognitoUsername);
    const user = await this.#directory.getUser(identity.cognitoSub);
    return user?.sub === identity.cognitoSub ? user : undefined;
  }

  async #mapping(who: ChatIdentity): Promise<Identity | undefined> {
    const key = identityKeyOf(who);
    const now = this.#now();
    const hit = this.#mappings.get(key);
    if (hit && hit.expiresAt > now) return hit.identity;
    const identity = await this.#identities.get(who);
    if (identity) this.#mappings.set(key, { expiresAt: now + this.#cacheTtlMs, identity });
    else this.#mappings.delete(key);
    return identity;
  }
}

function describeGroup(group: string): string {
  const grant = parseGroup(group);
  if (!grant) return 'grants no account';
  if (grant.kind === 'all') return 'every account';
  if (grant.kind === 'environment') return `${grant.environment} accounts`;
  return `account ${grant.accountId}`;
}
