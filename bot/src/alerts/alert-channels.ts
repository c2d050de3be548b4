/**
 * The channels that take alerts, read from the channels table: one Scan, cached briefly (routes
 * change by an admin's re-seed), shared by concurrent callers.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanTable } from '#access/scan-table.ts';
import { isChatPlatformId } from '#contracts/chat-platforms.ts';
import type { ChannelPolicy } from '#contracts/registry.ts';
import { itemToChannel } from '#contracts/registry-items.ts';
import { tableName } from '#contracts/tables.ts';

export interface AlertChannels {
  /** Every channel with an `alerts` route. */
  list(): Promise<readonly ChannelPolicy[]>;
}

export interface DynamoAlertChannelsOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('channels') */
  readonly tableName?: string;
  /** @default 30_000 */
  readonly cacheTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DynamoAlertChannels implements AlertChannels {
  readonly #options: DynamoAlertChannelsOptions;
  #cached: { readonly at: number; readonly channels: Promise<readonly ChannelPolicy[]> } | undefined;

  constructor(options: DynamoAlertChannelsOptions) {
    this.#options = options;
  }

  list(): Promise<readonly ChannelPolicy[]> {
    const now = (this.#options.now ?? Date.now)();
    if (this.#cached && now - this.#cached.at < (this.#options.cacheTtlMs ?? 30_000))
      return this.#cached.channels;
    const channels = this.#load();
    this.#cached = { at: now, channels };
    // A failed read is not cached: the next alert reads again.
    channels.catch(() => {
      if (this.#cached?.channels === channels) this.#cached = undefined;
    });
    return channels;
  }

  async #load(): Promise<readonly ChannelPolicy[]> {
    const items = await scanTable(this.#options.client, this.#options.tableName ?? tableName('channels'));
    return items.flatMap((item) =>
      isChatPlatformId(item.platform) ? [itemToChannel(item, item.platform)].filter((c) => c.alerts) : [],
    );
  }
}
