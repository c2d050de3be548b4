/**
 * One alert for one channel: what the router queues and the poster posts. The queue keeps the
 * deliveries of one channel in order (SQS FIFO message group = the channel), so an alarm's OK never
 * overtakes its ALARM, and a burst on one channel cannot hold up the others.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_SOURCE_IDS } from '#contracts/alert-sources.ts';
import { CHAT_PLATFORM_IDS, type ChatPlatformId } from '#contracts/chat-platforms.ts';
import { channelKey } from '#contracts/registry.ts';
import type { Alert } from './alert.ts';

export interface AlertChannel {
  readonly platform: ChatPlatformId;
  readonly workspaceId: string;
  readonly channelId: string;
}

export interface AlertDelivery {
  readonly alert: Alert;
  readonly channel: AlertChannel;
  /** How the alert's account is named in the channel: `payments-prod (111111111111, prod)`. */
  readonly accountLabel: string;
  /** When the router queued it (epoch ms): the start of the delivery's latency. */
  readonly queuedAt: number;
}

/** The queue's message group: one per channel. */
export function deliveryGroup(channel: AlertChannel): string {
  return channelKey(channel.platform, channel.workspaceId, channel.channelId);
}

/** The same event for the same channel always has the same id (SQS deduplication, the poster's dedupe). */
export function deliveryId(delivery: Pick<AlertDelivery, 'alert' | 'channel'>): string {
  return createHash('sha256')
    .update(`${delivery.alert.dedupeKey}\n${delivery.alert.key}\n${deliveryGroup(delivery.channel)}`)
    .digest('hex');
}

const bounded = (max: number) => z.string().max(max);

/** A queued delivery as the poster reads it back: our own message, checked all the same. */
export const deliverySchema = z.object({
  alert: z.object({
    source: z.enum(ALERT_SOURCE_IDS),
    eventId: bounded(256),
    dedupeKey: bounded(600),
    senderAccount: bounded(12),
    account: bounded(12),
    region: bounded(32),
    key: bounded(2048),
    title: bounded(256),
    status: bounded(32),
    statusKind: z.enum(['firing', 'resolved', 'info']),
    severity: z.enum(ALERT_SEVERITIES),
    score: z.number().optional(),
    at: bounded(64),
    summary: bounded(512),
    metric: z
      .object({
        namespace: bounded(256),
        name: bounded(256),
        dimensions: z.record(z.string(), bounded(1024)),
        stat: bounded(64),
        period: z.number(),
      })
      .optional(),
    resource: z.object({ kind: bounded(128), id: bounded(2048) }).optional(),
    logGroup: bounded(512).optional(),
    consoleUrl: bounded(4096),
  }),
  channel: z.object({
    platform: z.enum(CHAT_PLATFORM_IDS),
    workspaceId: bounded(128),
    channelId: bounded(256),
  }),
  accountLabel: bounded(256),
  queuedAt: z.number(),
});
