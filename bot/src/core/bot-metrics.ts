/**
 * The bot's metrics (contracts/metrics.ts), as EMF lines on stdout: one emitter per Lambda sandbox,
 * each question's metrics written when it ends (question-record.ts), alert deliveries when they
 * happen (recordAlertDelivery, for the alert notifier).
 */
import { type EmfOutput, MetricsEmitter, metricValue } from '#common/metrics.ts';
import { METRIC_SERVICES, METRICS, METRICS_NAMESPACE } from '#contracts/metrics.ts';

export function createBotMetrics(options: { readonly output?: EmfOutput; readonly enabled?: boolean } = {}) {
  return new MetricsEmitter({ namespace: METRICS_NAMESPACE, service: METRIC_SERVICES.bot, ...options });
}

/** One alert posted into a channel (`delivered`) or not (`failed`), per platform. */
export function recordAlertDelivery(
  metrics: MetricsEmitter,
  delivery: { readonly platform: string; readonly outcome: 'delivered' | 'failed' },
): void {
  metrics.emit(
    [metricValue(METRICS.alertDeliveries, 1)],
    [{ outcome: delivery.outcome }, { platform: delivery.platform, outcome: delivery.outcome }],
  );
}
