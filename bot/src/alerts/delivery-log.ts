/**
 * One structured log line per delivery (and per alert dropped before delivery): what happened,
 * where, how long it took since the router queued it. The metric of each post (AlertDeliveries,
 * delivered or failed, per platform) is written by the delivery consumer (delivery-consumer.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Alert } from './alert.ts';
import type { AlertDelivery } from './delivery.ts';

export interface DeliveryOutcome {
  /**
   * opened: a new thread; replied: a line in its thread; flapping: the collapsed line updated;
   * unchanged: a repeat of the status already shown; muted: the channel is muted; skipped-resolved:
   * a resolution without a thread in this channel; no-platform: this deployment does not post there.
   */
  readonly action:
    | 'opened'
    | 'replied'
    | 'flapping'
    | 'unchanged'
    | 'muted'
    | 'skipped-resolved'
    | 'no-platform';
  readonly latencyMs: number;
}

export function logDelivery(logger: Logger, delivery: AlertDelivery, outcome: DeliveryOutcome): void {
  logger.info('alert delivered', {
    ...alertFields(delivery.alert),
    platform: delivery.channel.platform,
    channel: delivery.channel.channelId,
    action: outcome.action,
    latencyMs: outcome.latencyMs,
  });
}

/** Why an event reached no channel: unknown account, below a floor, routed nowhere, repeat. */
export function logDropped(
  logger: Logger,
  reason: string,
  alert?: Alert,
  extra: Record<string, unknown> = {},
): void {
  logger.warn('alert dropped', { reason, ...(alert ? alertFields(alert) : {}), ...extra });
}

function alertFields(alert: Alert): Record<string, unknown> {
  return {
    source: alert.source,
    eventId: alert.eventId,
    account: alert.account,
    region: alert.region,
    status: alert.status,
    severity: alert.severity,
  };
}
