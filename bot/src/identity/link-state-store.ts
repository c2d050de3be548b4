/**
 * Link nonces in the state table (`link#<nonce>`, TTL `expiration`): created with the PKCE
 * verifier (and where to confirm the link in chat) when a link is issued, claimed once by a
 * conditional write when the callback arrives.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isChatPlatform } from '../../../registry-seed/src/model.ts';
import { tableName } from '../../../registry-seed/src/tables.ts';
import type { ConfirmationAddress } from '../core/chat-event.ts';
import { IdentityError, LinkStateError } from './errors.ts';
import type { ChatIdentity } from './identity-store.ts';

export interface LinkRecord extends ChatIdentity {
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** Where the platform confirms the completed link (Teams); unset where none is needed or known. */
  readonly confirmationAddress?: ConfirmationAddress;
}

export interface LinkStateStore {
  create(record: LinkRecord): Promise<void>;
  /** Returns the record the first time only; throws LinkStateError('replayed') after, or when unknown or expired. */
  claim(nonce: string, now: number): Promise<LinkRecord>;
}

export interface DynamoLinkStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
}

export class DynamoLinkStateStore implements LinkStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: DynamoLinkStateStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('state');
  }

  async create(record: LinkRecord): Promise<void> {
    try {
      await this.#client.send(
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
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    } catch (error) {
      throw new IdentityError(`Could not store the link nonce: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async claim(nonce: string, now: number): Promise<LinkRecord> {
    let old: Record<string, unknown> | undefined;
    try {
      // TTL deletion lags by hours, so expiry is part of the condition; the verifier goes with the claim.
      ({ Attributes: old } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { id: recordId(nonce) },
          UpdateExpression: 'SET claimedAt = :now REMOVE codeVerifier',
          ConditionExpression:
            'attribute_exists(id) AND attribute_not_exists(claimedAt) AND expiresAt > :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new LinkStateError('replayed', 'This link was already used or is unknown', { cause: error });
      }
      throw new IdentityError(`Could not claim the link nonce: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const { platform, workspaceId, userId, codeVerifier, expiresAt, confirmationAddress } = old ?? {};
    if (
      !isChatPlatform(platform) ||
      typeof workspaceId !== 'string' ||
      typeof userId !== 'string' ||
      typeof codeVerifier !== 'string' ||
      typeof expiresAt !== 'number'
    ) {
      throw new LinkStateError('replayed', 'The link record is incomplete');
    }
    const address = asConfirmationAddress(confirmationAddress);
    return {
      nonce,
      platform,
      workspaceId,
      userId,
      codeVerifier,
      expiresAt,
      ...(address ? { confirmationAddress: address } : {}),
    };
  }
}

/** A stored address of any other shape than a map of strings is dropped: the link stands, unconfirmed. */
function asConfirmationAddress(value: unknown): ConfirmationAddress | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, field]) => typeof field === 'string') ? Object.fromEntries(entries) : undefined;
}

function recordId(nonce: string): string {
  return `link#${nonce}`;
}
