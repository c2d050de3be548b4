/**
 * The notifier's first half: an EventBridge event in, deliveries queued. It reads the event (a
 * malformed one is dropped, logged), drops repeats (EventBridge delivers at least once: Powertools
 * Idempotency on the event id), drops alerts about accounts not registered and enabled (both the
 * sender and the account the alert names), applies the sources' floors, routes each alert to its
 * channels and queues one delivery per channel. When queueing fails the event is given back and
 * the error goes up, so EventBridge retries it (then its dead-letter queue): nothing is lost.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccountRegistry } from '#access/account-registry.ts';
import { DEFAULT_GUARDDUTY_MIN_SEVERITY, severityRank } from '#contracts/alert-sources.ts';
import { accountLabel } from '#contracts/registry.ts';
import type { DedupePort } from '../core/ports.ts';
import type { Alert } from './alert.ts';
import type { AlertChannels } from './alert-channels.ts';
import { type AlertDelivery, deliveryGroup } from './delivery.ts';
import { logDropped } from './delivery-log.ts';
import type { AlertQueue } from './queue.ts';
import { routeAlert } from './routing.ts';
import { readAlertEvent } from './sources/index.ts';

export interface AlertRouterOptions {
  readonly registry: AccountRegistry;
  readonly channels: AlertChannels;
  readonly queue: AlertQueue;
  readonly dedupe: DedupePort;
  readonly logger: Logger;
  /** GuardDuty findings below this score are dropped (the rule filters too). @default 7 */
  readonly guardDutyMinSeverity?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface RoutedEvent {
  /** Channels (`<platform>#<workspace>#<channel>`) each alert went to. */
  readonly routed: readonly { readonly alert: string; readonly channels: readonly string[] }[];
  /** Why alerts went nowhere. */
  readonly dropped: readonly string[];
}

export type AlertRouter = (event: unknown) => Promise<RoutedEvent>;

export function createAlertRouter(options: AlertRouterOptions): AlertRouter {
  const { registry, channels, queue, dedupe, logger } = options;
  const now = options.now ?? Date.now;
  const guardDutyFloor = options.guardDutyMinSeverity ?? DEFAULT_GUARDDUTY_MIN_SEVERITY;

  /** Why this alert may not be posted anywhere, if so. */
  function belowFloor(alert: Alert): string | undefined {
    if (alert.source === 'securityhub' && severityRank(alert.severity) < severityRank('high'))
      return 'Security Hub finding below HIGH';
    if (alert.source === 'guardduty' && (alert.score ?? 0) < guardDutyFloor)
      return `GuardDuty finding below severity ${guardDutyFloor}`;
    return undefined;
  }

  async function route(alert: Alert, result: { routed: RoutedEvent['routed'][number][]; dropped: string[] }) {
    const floor = belowFloor(alert);
    if (floor) {
      logDropped(logger, floor, alert);
      result.dropped.push(floor);
      return;
    }
    const [sender, account] = await Promise.all([
      registry.get(alert.senderAccount),
      alert.account === alert.senderAccount ? undefined : registry.get(alert.account),
    ]);
    const subject = alert.account === alert.senderAccount ? sender : account;
    if (!sender || !subject) {
      const unknown = !sender ? alert.senderAccount : alert.account;
      const reason = `account ${unknown} is not registered or not enabled`;
      logDropped(logger, reason, alert);
      result.dropped.push(reason);
      return;
    }
    const targets = routeAlert(alert, subject, await channels.list());
    if (targets.length === 0) {
      logDropped(logger, 'no channel takes it', alert);
      result.dropped.push('no channel takes it');
      return;
    }
    const queuedAt = now();
    const deliveries: AlertDelivery[] = targets.map((channel) => ({
      alert,
      channel: { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId },
      accountLabel: accountLabel(subject),
      queuedAt,
    }));
    await queue.send(deliveries);
    result.routed.push({
      alert: alert.key,
      channels: targets.map(deliveryGroup),
    });
  }

  return async (event) => {
    const read = readAlertEvent(event);
    if (!read.ok) {
      logDropped(logger, read.reason);
      return { routed: [], dropped: [read.reason] };
    }
    const result = { routed: [] as RoutedEvent['routed'][number][], dropped: [] as string[] };
    for (const alert of read.alerts) {
      const first = await dedupe.once(alert.dedupeKey, () => route(alert, result));
      if (!first) {
        logDropped(logger, 'repeat delivery', alert);
        result.dropped.push('repeat delivery');
      }
    }
    return result;
  };
}
