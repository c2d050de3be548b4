/**
 * Reads a channel's policy from the channels table (keyed by channelKey), and sets it when an
 * ops-admin does from chat. Cached briefly: policies change rarely, not per question.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { messageOf } from '#common/errors.ts';
import { isChatPlatformId } from '#contracts/chat-platforms.ts';
import { type ChannelPolicy, channelKey } from '#contracts/registry.ts';
import { channelToItem, itemToChannel } from '#contracts/registry-items.ts';
import { tableName } from '#contracts/tables.ts';
import { ChannelPolicyError } from './errors.ts';

interface ChannelRef {
  /** `local` (the dev chat page) has no channel rows: it gets the unlisted-channel default. */
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
}

export interface ChannelPolicyReader {
  get(channel: ChannelRef): Promise<ChannelPolicy | undefined>;
}

/** Sets a channel's policy from chat (`/ops channel allow|default`), recorded with who and when. */
export interface ChannelPolicyWriter {
  set(policy: ChannelPolicy): Promise<void>;
}

interface DynamoChannelPolicyReaderOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('channels') */
  readonly tableName?: string;
  /** @default 30_000 */
  readonly cacheTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DynamoChannelPolicyReader implements ChannelPolicyReader, ChannelPolicyWriter {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #cacheTtlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { expiresAt: number; policy: ChannelPolicy | undefined }>();

  constructor(options: DynamoChannelPolicyReaderOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('channels');
    this.#cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  async get(channel: ChannelRef): Promise<ChannelPolicy | undefined> {
    if (!isChatPlatformId(channel.platform)) return undefined;
    const key = channelKey(channel.platform, channel.workspace, channel.channel);
    const now = this.#now();
    const hit = this.#cache.get(key);
    if (hit && hit.expiresAt > now) return hit.policy;
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.#client.send(
        new GetCommand({ TableName: this.#tableName, Key: { key } }),
      ));
    } catch (error) {
      throw new ChannelPolicyError(`Reading channel policy ${key} failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const policy = item ? itemToChannel(item, channel.platform) : undefined;
    this.#cache.set(key, { expiresAt: now + this.#cacheTtlMs, policy });
    return policy;
  }

  /** Writes the whole policy; this reader answers with it at once (others within their cache time). */
  async set(policy: ChannelPolicy): Promise<void> {
    const key = channelKey(policy.platform, policy.workspaceId, policy.channelId);
    try {
      await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: channelToItem(policy) }));
    } catch (error) {
      throw new ChannelPolicyError(`Writing channel policy ${key} failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
    this.#cache.set(key, { expiresAt: this.#now() + this.#cacheTtlMs, policy });
  }
}
