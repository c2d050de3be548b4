/**
 * Link nonces in the state table (`link#<nonce>`, TTL `expiration`), through three steps:
 * `create` when a link is issued (the PKCE verifier, where to confirm it, who asked); `stage` once
 * the sign-in's code was exchanged (who signed in, and the hash of the confirmation's CSRF token);
 * `claim`, once only, when that person confirms. Nothing burns the nonce before the confirmation:
 * a refreshed page or a failed exchange leaves the link usable (the code itself works once).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isChatPlatformId } from '#contracts/chat-platforms.ts';
import { STATE_KEY_PREFIXES, tableName } from '#contracts/tables.ts';
import type { ChatProfile, ConfirmationAddress } from '../core/chat-event.ts';
import { LinkStateError, storeCall } from './errors.ts';
import type { ChatIdentity } from './identity-store.ts';

export interface LinkRecord extends ChatIdentity {
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** Where the platform confirms the completed link (Teams); unset where none is needed or known. */
  readonly confirmationAddress?: ConfirmationAddress;
  /** Who asked, as their platform's directory says. */
  readonly profile?: ChatProfile;
}

/** The Cognito user whose sign-in completed the code exchange, waiting for their confirmation. */
export interface SignedInUser {
  readonly sub: string;
  readonly username: string;
}

export interface ClaimedLink extends Omit<LinkRecord, 'codeVerifier'> {
  readonly signedIn: SignedInUser;
}

export interface LinkStateStore {
  create(record: LinkRecord): Promise<void>;
  /** The record while it is unclaimed and unexpired; throws LinkStateError('replayed') otherwise. */
  read(nonce: string, now: number): Promise<LinkRecord>;
  /** Records who signed in and the hash of their confirmation token (a later sign-in replaces both). */
  stage(nonce: string, signedIn: SignedInUser, csrfHash: string, now: number): Promise<void>;
  /**
   * Claims the link for the staged sign-in whose token hashes to `csrfHash`: once only. Throws
   * LinkStateError('replayed') when it is used, unknown, expired, or staged with another token.
   */
  claim(nonce: string, csrfHash: string, now: number): Promise<ClaimedLink>;
}

export interface DynamoLinkStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
}

// TTL deletion lags by hours, so expiry is part of every condition.
const USABLE = 'attribute_exists(id) AND attribute_not_exists(claimedAt) AND expiresAt > :now';
const MAX_PROFILE_TEXT = 200;

export class DynamoLinkStateStore implements LinkStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: DynamoLinkStateStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('state');
  }

  async create(record: LinkRecord): Promise<void> {
    const profile = asProfile(record.profile);
    await this.#send('store', () =>
      this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            id: recordId(record.nonce),
            platform: record.platform,
            workspaceId: record.workspaceId,
            userId: record.userId,
            codeVerifier: record.codeVerifier,
            expiresAt: record.expiresAt,
            expiration: Math.ceil(record.expiresAt / 1000),
            ...(record.confirmationAddress ? { confirmationAddress: record.confirmationAddress } : {}),
            ...(profile ? { profile } : {}),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
  }

  async read(nonce: string, now: number): Promise<LinkRecord> {
    const { Item: item } = await this.#send('read', () =>
      this.#client.send(
        new GetCommand({ TableName: this.#tableName, Key: { id: recordId(nonce) }, ConsistentRead: true }),
      ),
    );
    if (
      !item ||
      item.claimedAt !== undefined ||
      typeof item.expiresAt !== 'number' ||
      item.expiresAt <= now
    ) {
      throw new LinkStateError('replayed', 'This link was already used or is unknown');
    }
    const record = toRecord(nonce, item);
    if (typeof item.codeVerifier !== 'string')
      throw new LinkStateError('replayed', 'The link record is incomplete');
    return { ...record, codeVerifier: item.codeVerifier };
  }

  async stage(nonce: string, signedIn: SignedInUser, csrfHash: string, now: number): Promise<void> {
    await this.#conditional('stage', {
      Key: { id: recordId(nonce) },
      UpdateExpression: 'SET signedInSub = :sub, signedInUsername = :username, csrfHash = :csrf',
      ConditionExpression: USABLE,
      ExpressionAttributeValues: {
        ':now': now,
        ':sub': signedIn.sub,
        ':username': signedIn.username,
        ':csrf': csrfHash,
      },
    });
  }

  async claim(nonce: string, csrfHash: string, now: number): Promise<ClaimedLink> {
    // The verifier and token hash go with the claim: nothing usable is left in the record.
    const old = await this.#conditional('claim', {
      Key: { id: recordId(nonce) },
      UpdateExpression: 'SET claimedAt = :now REMOVE codeVerifier, csrfHash',
      ConditionExpression: `${USABLE} AND csrfHash = :csrf`,
      ExpressionAttributeValues: { ':now': now, ':csrf': csrfHash },
      ReturnValues: 'ALL_OLD',
    });
    const { signedInSub, signedInUsername } = old ?? {};
    if (typeof signedInSub !== 'string' || typeof signedInUsername !== 'string') {
      throw new LinkStateError('replayed', 'The link record names no signed-in user');
    }
    return { ...toRecord(nonce, old ?? {}), signedIn: { sub: signedInSub, username: signedInUsername } };
  }

  async #conditional(
    what: string,
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown> | undefined> {
    const { Attributes } = await this.#send(what, () =>
      this.#client
        .send(new UpdateCommand({ TableName: this.#tableName, ...input }))
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          throw new LinkStateError(
            'replayed',
            'This link was already used, is unknown, or was confirmed from elsewhere',
            { cause: error },
          );
        }),
    );
    return Attributes;
  }

  #send<T>(what: string, send: () => Promise<T>): Promise<T> {
    return storeCall(`${what} the link nonce`, send);
  }
}

/** The chat identity and context of a stored record; a record of another shape is not trusted. */
function toRecord(nonce: string, item: Record<string, unknown>): Omit<LinkRecord, 'codeVerifier'> {
  const { platform, workspaceId, userId, expiresAt } = item;
  if (
    !isChatPlatformId(platform) ||
    typeof workspaceId !== 'string' ||
    typeof userId !== 'string' ||
    typeof expiresAt !== 'number'
  ) {
    throw new LinkStateError('replayed', 'The link record is incomplete');
  }
  const address = asConfirmationAddress(item.confirmationAddress);
  const profile = asProfile(item.profile);
  return {
    nonce,
    platform,
    workspaceId,
    userId,
    expiresAt,
    ...(address ? { confirmationAddress: address } : {}),
    ...(profile ? { profile } : {}),
  };
}

/** A stored address of any other shape than a map of strings is dropped: the link stands, unconfirmed. */
function asConfirmationAddress(value: unknown): ConfirmationAddress | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, field]) => typeof field === 'string') ? Object.fromEntries(entries) : undefined;
}

/** Only bounded strings survive, in and out: the profile is shown on a page and compared. */
function asProfile(value: unknown): ChatProfile | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { displayName, emails, workspaceName } = value as Record<string, unknown>;
  const text = (field: unknown) =>
    typeof field === 'string' && field.trim() !== '' ? field.trim().slice(0, MAX_PROFILE_TEXT) : undefined;
  const emailList = Array.isArray(emails) ? emails.map(text).filter((email) => email !== undefined) : [];
  const profile: ChatProfile = {
    ...(text(displayName) ? { displayName: text(displayName) } : {}),
    ...(emailList.length > 0 ? { emails: emailList } : {}),
    ...(text(workspaceName) ? { workspaceName: text(workspaceName) } : {}),
  };
  return Object.keys(profile).length > 0 ? profile : undefined;
}

function recordId(nonce: string): string {
  return `${STATE_KEY_PREFIXES.link}${nonce}`;
}
