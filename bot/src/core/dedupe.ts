/**
 * Drops duplicate deliveries (Slack retries and replays, Teams re-sends): one conditional PutItem
 * on the state table per event key, in Powertools idempotency's layout (`id`, `expiration` epoch
 * seconds, the table's TTL attribute), so a record is claimable again once it has expired even
 * before DynamoDB's TTL sweeper deletes it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';
import { DedupeError } from './errors.ts';
import type { DedupePort } from './ports.ts';

export interface DynamoDedupeOptions {
  /** @default new DynamoDBClient({}) (AWS_ENDPOINT_URL_DYNAMODB honoured) */
  readonly client?: DynamoDBClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** How long a key stays claimed; Slack retries for about an hour at most. @default 3_600 */
  readonly ttlSeconds?: number;
  /** Seconds since the epoch. @default () => Math.floor(Date.now() / 1000) */
  readonly now?: () => number;
}

const EXPIRATION = TABLES.state.timeToLiveAttribute;
const KEY = TABLES.state.partitionKey.name;
// Namespaced apart from the link-flow nonces sharing the table.
const KEY_PREFIX = STATE_KEY_PREFIXES.dedupe;

/** A delivery's dedupe key, `<scope>#<part>#…`: the scope names the function that claims it. */
export function dedupeKey(scope: string, ...parts: readonly string[]): string {
  return [scope, ...parts].join('#');
}

export class DynamoDedupe implements DedupePort {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: DynamoDedupeOptions = {}) {
    this.#client = options.client ?? new DynamoDBClient({});
    this.#tableName = options.tableName ?? tableName('state');
    this.#ttlSeconds = options.ttlSeconds ?? 3_600;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async claim(key: string): Promise<boolean> {
    const now = this.#now();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            [KEY]: { S: `${KEY_PREFIX}${key}` },
            [EXPIRATION]: { N: String(now + this.#ttlSeconds) },
            status: { S: 'CLAIMED' },
          },
          ConditionExpression: 'attribute_not_exists(#id) OR #expiration < :now',
          ExpressionAttributeNames: { '#id': KEY, '#expiration': EXPIRATION },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new DedupeError(`Cannot write the dedupe record for ${key}`, { cause: error });
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({ TableName: this.#tableName, Key: { [KEY]: { S: `${KEY_PREFIX}${key}` } } }),
      );
    } catch (error) {
      throw new DedupeError(`Cannot delete the dedupe record for ${key}`, { cause: error });
    }
  }
}

/**
 * A worker's guard against Lambda delivering one asynchronous invoke twice: false only for a key
 * already claimed. When the state table cannot be written the work goes on (logged): answering
 * twice beats dropping the question without a word.
 */
export async function firstDelivery(dedupe: DedupePort, key: string, logger: Logger): Promise<boolean> {
  try {
    return await dedupe.claim(key);
  } catch (error) {
    logger.error('dedupe record not written, answering anyway', { key, error: error as Error });
    return true;
  }
}
