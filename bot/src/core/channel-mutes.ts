/**
 * A channel's alerts muted for a while (the alert's Mute button): `mute#<platform>#<workspace>#<channel>`
 * in the state table, expiring through its TTL. The Mute action writes it as the tapper; the alert
 * poster reads it before it posts. A mute is CentralOps' own state, never an AWS change.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { messageOf } from '#common/errors.ts';
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import { channelKey } from '#contracts/registry.ts';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';
import { BotCoreError } from './errors.ts';

export interface MutedChannel {
  readonly platform: ChatPlatformId;
  readonly workspaceId: string;
  readonly channelId: string;
}

export interface ChannelMute {
  /** Epoch ms. */
  readonly until: number;
  /** Who muted it (chat user id). */
  readonly by: string;
}

export interface ChannelMutes {
  /** The mute in force, if any. */
  get(channel: MutedChannel): Promise<ChannelMute | undefined>;
  set(channel: MutedChannel, mute: ChannelMute): Promise<void>;
}

/** The state table could not be read or written. */
export class ChannelMuteError extends BotCoreError {}

export function muteKey(channel: MutedChannel): string {
  return `${STATE_KEY_PREFIXES.mute}${channelKey(channel.platform, channel.workspaceId, channel.channelId)}`;
}

export interface DynamoChannelMutesOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

const KEY = TABLES.state.partitionKey.name;
const EXPIRY = TABLES.state.timeToLiveAttribute;

export class DynamoChannelMutes implements ChannelMutes {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(options: DynamoChannelMutesOptions) {
    this.#client = options.client;
    this.#table = options.tableName ?? tableName('state');
    this.#now = options.now ?? Date.now;
  }

  async get(channel: MutedChannel): Promise<ChannelMute | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { [KEY]: muteKey(channel) } }),
      ));
    } catch (error) {
      throw new ChannelMuteError(`Cannot read the mute of ${muteKey(channel)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const until = Number(item?.until);
    // The TTL deletes late (up to days): an expired mute reads as none.
    return item && until > this.#now() ? { until, by: String(item.by ?? '') } : undefined;
  }

  async set(channel: MutedChannel, mute: ChannelMute): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            [KEY]: muteKey(channel),
            until: mute.until,
            by: mute.by,
            [EXPIRY]: Math.ceil(mute.until / 1000),
          },
        }),
      );
    } catch (error) {
      throw new ChannelMuteError(`Cannot write the mute of ${muteKey(channel)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}
