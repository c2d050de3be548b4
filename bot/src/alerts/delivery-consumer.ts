/**
 * One queued delivery, from its message body to its post: the body is checked (a malformed one is
 * logged and dropped: it can never succeed), the delivery is claimed once (a re-delivered message
 * is not posted twice; a failed post gives the claim back so the retry runs), then posted.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricsEmitter } from '#common/metrics.ts';
import { recordAlertDelivery } from '../core/bot-metrics.ts';
import { dedupeKey } from '../core/dedupe.ts';
import type { DedupePort } from '../core/ports.ts';
import { type AlertDelivery, deliveryId, deliverySchema } from './delivery.ts';
import type { AlertPoster } from './poster.ts';

export interface DeliveryConsumerOptions {
  readonly poster: AlertPoster;
  readonly dedupe: DedupePort;
  readonly logger: Logger;
  /** Each post's outcome (AlertDeliveries, per platform). @default none */
  readonly metrics?: MetricsEmitter;
}

/** Throws when the delivery should stay queued (the post failed); resolves otherwise. */
export type DeliveryConsumer = (body: string) => Promise<void>;

export function createDeliveryConsumer(options: DeliveryConsumerOptions): DeliveryConsumer {
  return async (body) => {
    let delivery: AlertDelivery;
    try {
      delivery = deliverySchema.parse(JSON.parse(body)) as AlertDelivery;
    } catch (error) {
      options.logger.error('malformed alert delivery dropped', { error: error as Error });
      return;
    }
    const { platform } = delivery.channel;
    const first = await options.dedupe.once(dedupeKey(deliveryId(delivery)), async () => {
      try {
        await options.poster(delivery);
      } catch (error) {
        if (options.metrics) recordAlertDelivery(options.metrics, { platform, outcome: 'failed' });
        throw error;
      }
      if (options.metrics) recordAlertDelivery(options.metrics, { platform, outcome: 'delivered' });
    });
    if (!first) options.logger.info('repeat alert delivery dropped', { eventId: delivery.alert.eventId });
  };
}
