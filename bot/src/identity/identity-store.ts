/**
 * Chat user → Cognito identity mappings in the identities table, keyed by identityKey(). Rows come
 * from the registry seed (admins) or from the link flow (the user proved the mapping).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ChatPlatformId, isChatPlatformId } from '#contracts/chat-platforms.ts';
import { type Identity, identityKey } from '#contracts/registry.ts';
import { identityToItem } from '#contracts/registry-items.ts';
import { TABLES, tableName } from '#contracts/tables.ts';
import { storeCall } from './errors.ts';

export interface ChatIdentity {
  readonly platform: ChatPlatformId;
  readonly workspaceId: string;
  readonly userId: string;
}

/** The identities table key of a chat user. */
export function identityKeyOf(who: ChatIdentity): string {
  return identityKey(who.platform, who.workspaceId, who.userId);
}

/** Only the chat identity of a wider record (an event, a link state): nothing else travels with it. */
export function chatIdentityOf(from: ChatIdentity): ChatIdentity {
  return { platform: from.platform, workspaceId: from.workspaceId, userId: from.userId };
}

/** `b` may be a row not checked yet: it matches only when all three fields are equal. */
export function sameChatIdentity(a: ChatIdentity, b: Partial<Record<keyof ChatIdentity, unknown>>): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.userId === b.userId;
}

export interface IdentityStore {
  get(who: ChatIdentity): Promise<Identity | undefined>;
  /** Stores a mapping proved by the link flow, replacing any earlier one. */
  put(identity: Identity & { readonly cognitoSub: string }): Promise<void>;
  delete(who: ChatIdentity): Promise<void>;
  /** Every chat identity linked to this Cognito user. */
  linkedTo(cognitoSub: string): Promise<ChatIdentity[]>;
}

const BY_COGNITO_SUB = TABLES.identities.globalSecondaryIndexes[0].indexName;

export interface DynamoIdentityStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('identities') */
  readonly tableName?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DynamoIdentityStore implements IdentityStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => number;

  constructor(options: DynamoIdentityStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('identities');
    this.#now = options.now ?? Date.now;
  }

  async get(who: ChatIdentity): Promise<Identity | undefined> {
    const key = identityKeyOf(who);
    const { Item: item } = await this.#send('read', () =>
      this.#client.send(new GetCommand({ TableName: this.#tableName, Key: { key }, ConsistentRead: true })),
    );
    if (!item || typeof item.cognitoUsername !== 'string' || item.cognitoUsername === '') return undefined;
    // The key already names the chat identity; a row whose own fields disagree is not trusted.
    if (!sameChatIdentity(who, item)) return undefined;
    return {
      ...chatIdentityOf(who),
      cognitoUsername: item.cognitoUsername,
      ...(typeof item.cognitoSub === 'string' && item.cognitoSub ? { cognitoSub: item.cognitoSub } : {}),
    };
  }

  async put(identity: Identity & { readonly cognitoSub: string }): Promise<void> {
    await this.#send('write', () =>
      this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...identityToItem(identity), linkedAt: new Date(this.#now()).toISOString() },
        }),
      ),
    );
  }

  async delete(who: ChatIdentity): Promise<void> {
    const key = identityKeyOf(who);
    await this.#send('delete', () =>
      this.#client.send(new DeleteCommand({ TableName: this.#tableName, Key: { key } })),
    );
  }

  async linkedTo(cognitoSub: string): Promise<ChatIdentity[]> {
    const { Items: items } = await this.#send('query', () =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: BY_COGNITO_SUB,
          KeyConditionExpression: 'cognitoSub = :sub',
          ExpressionAttributeValues: { ':sub': cognitoSub },
        }),
      ),
    );
    return (items ?? []).flatMap((item) =>
      isChatPlatformId(item.platform) &&
      typeof item.workspaceId === 'string' &&
      typeof item.userId === 'string'
        ? [{ platform: item.platform, workspaceId: item.workspaceId, userId: item.userId }]
        : [],
    );
  }

  #send<T>(what: string, send: () => Promise<T>): Promise<T> {
    return storeCall(`${what} the identities table`, send);
  }
}
