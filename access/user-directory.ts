/**
 * The user's standing in Cognito at request time: enabled or not, and their groups. Cognito is the
 * source of truth; answers are cached briefly so a removal from a group or a disabled user takes
 * effect within `cacheTtlMs`, without one Cognito call per question.
 */
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { messageOf } from '#common/errors.ts';
import { UserDirectoryError } from './errors.ts';

export interface DirectoryUser {
  readonly username: string;
  readonly sub: string;
  readonly enabled: boolean;
  readonly groups: readonly string[];
}

export interface UserDirectory {
  /** By Cognito `sub` (the runtime user id); undefined when no such user exists. */
  getUser(sub: string): Promise<DirectoryUser | undefined>;
  /** By Cognito username (seeded identities may carry no sub yet). */
  getUserByUsername(username: string): Promise<DirectoryUser | undefined>;
}

interface CognitoUserDirectoryOptions {
  readonly client: CognitoIdentityProviderClient;
  /** Empty is refused: the directory cannot answer without a pool. */
  readonly userPoolId: string;
  /** @default 60_000 */
  readonly cacheTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Cognito subs are UUIDs; anything else is refused before it reaches a ListUsers filter. */
const SUB_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class CognitoUserDirectory implements UserDirectory {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;
  readonly #cacheTtlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { expiresAt: number; user: Promise<DirectoryUser | undefined> }>();

  constructor(options: CognitoUserDirectoryOptions) {
    this.#client = options.client;
    this.#userPoolId = options.userPoolId;
    this.#cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    if (!this.#userPoolId) throw new UserDirectoryError('USER_POOL_ID is not set');
  }

  getUser(sub: string): Promise<DirectoryUser | undefined> {
    if (!SUB_PATTERN.test(sub)) return Promise.resolve(undefined);
    return this.#cached(`sub#${sub}`, () => this.#loadBySub(sub));
  }

  getUserByUsername(username: string): Promise<DirectoryUser | undefined> {
    return this.#cached(`username#${username}`, () => this.#loadByUsername(username));
  }

  #cached(key: string, load: () => Promise<DirectoryUser | undefined>): Promise<DirectoryUser | undefined> {
    const now = this.#now();
    const hit = this.#cache.get(key);
    if (hit && hit.expiresAt > now) return hit.user;
    const user = load();
    this.#cache.set(key, { expiresAt: now + this.#cacheTtlMs, user });
    // A failed lookup is not an answer: drop it so the next request asks Cognito again.
    user.catch(() => this.#cache.delete(key));
    return user;
  }

  async #loadBySub(sub: string): Promise<DirectoryUser | undefined> {
    const listed = await this.#call('ListUsers', () =>
      this.#client.send(
        new ListUsersCommand({ UserPoolId: this.#userPoolId, Filter: `sub = "${sub}"`, Limit: 1 }),
      ),
    );
    const user = listed.Users?.[0];
    if (!user?.Username) return undefined;
    const attributeSub = user.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (attributeSub !== sub) return undefined;
    return this.#toUser(user.Username, sub, user.Enabled);
  }

  async #loadByUsername(username: string): Promise<DirectoryUser | undefined> {
    const user = await this.#call('AdminGetUser', () =>
      this.#client
        .send(new AdminGetUserCommand({ UserPoolId: this.#userPoolId, Username: username }))
        // No such user is an answer, not a failure.
        .catch((error: unknown) => {
          if (error instanceof UserNotFoundException) return undefined;
          throw error;
        }),
    );
    const sub = user?.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (!user?.Username || !sub) return undefined;
    return this.#toUser(user.Username, sub, user.Enabled);
  }

  async #toUser(username: string, sub: string, enabled: boolean | undefined): Promise<DirectoryUser> {
    return { username, sub, enabled: enabled === true, groups: await this.#groups(username) };
  }

  async #groups(username: string): Promise<string[]> {
    const groups: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#call('AdminListGroupsForUser', () =>
        this.#client.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.#userPoolId,
            Username: username,
            NextToken: nextToken,
          }),
        ),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
      nextToken = page.NextToken;
    } while (nextToken);
    return groups;
  }

  async #call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new UserDirectoryError(`Cognito ${operation} failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}
