/**
 * What the notifier remembers in the state table: each alert's thread in each channel (its root
 * message, its status, its recent changes, the line flapping collapses into) under `alert#<hash>`,
 * expiring through the table's TTL. (A channel's mute is core/channel-mutes.ts'.)
 */
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { messageOf } from '#common/errors.ts';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';
import type { Alert } from './alert.ts';
import { type AlertChannel, deliveryGroup } from './delivery.ts';
import { AlertStateError } from './errors.ts';

/** Where an alert's thread is: the root message (Slack ts; Teams activity id and its conversation). */
export interface ThreadRef {
  readonly root: string;
  /** Teams: the thread's conversation id (`<channel>;messageid=<root>`). */
  readonly conversation?: string;
}

export interface AlertThread {
  /** `alert#<hash>` (threadId): also in the Slack root's metadata (`thread`). */
  readonly id: string;
  readonly channel: AlertChannel;
  readonly thread: ThreadRef;
  /** The latest alert (status, summary, metric, resource): what the root shows and Investigate reads. */
  readonly alert: Alert;
  /** Epoch ms of the state changes inside the flapping window, oldest first. */
  readonly changes: readonly number[];
  /** The reply flapping collapses into, while it flaps. */
  readonly flapReply?: string;
}

export interface AlertStateStore {
  /** The thread of id `id` (threadId), if it is remembered. */
  thread(id: string): Promise<AlertThread | undefined>;
  saveThread(thread: AlertThread): Promise<void>;
}

/** The thread record's id: the alert's key in that channel, hashed (keys are long, and hostile). */
export function threadId(channel: AlertChannel, alertKey: string): string {
  const hash = createHash('sha256')
    .update(`${deliveryGroup(channel)}\n${alertKey}`)
    .digest('hex');
  return `${STATE_KEY_PREFIXES.alert}${hash}`;
}

export interface DynamoAlertStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** How long a thread is remembered after its last change. @default 30 days */
  readonly threadTtlSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const KEY = TABLES.state.partitionKey.name;
const EXPIRY = TABLES.state.timeToLiveAttribute;

export class DynamoAlertStateStore implements AlertStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: DynamoAlertStateStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName ?? tableName('state');
    this.#ttlSeconds = options.threadTtlSeconds ?? 30 * 86_400;
    this.#now = options.now ?? Date.now;
  }

  async thread(id: string): Promise<AlertThread | undefined> {
    if (!id.startsWith(STATE_KEY_PREFIXES.alert)) return undefined;
    const item = await this.#get(id);
    return item?.thread ? (item.thread as AlertThread) : undefined;
  }

  async saveThread(thread: AlertThread): Promise<void> {
    await this.#put({
      [KEY]: thread.id,
      thread,
      [EXPIRY]: Math.floor(this.#now() / 1000) + this.#ttlSeconds,
    });
  }

  async #get(id: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { [KEY]: id } }),
      );
      return Item;
    } catch (error) {
      throw new AlertStateError(`Cannot read ${id}: ${messageOf(error)}`, { cause: error });
    }
  }

  async #put(item: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.send(new PutCommand({ TableName: this.#table, Item: item }));
    } catch (error) {
      throw new AlertStateError(`Cannot write ${String(item[KEY])}: ${messageOf(error)}`, { cause: error });
    }
  }
}
