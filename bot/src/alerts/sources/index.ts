/**
 * Reads an EventBridge event of one of the alert sources (contracts/alert-sources.ts) into alerts:
 * one per alarm change, Health event or GuardDuty finding, one per Security Hub finding. Anything
 * else (another source, a malformed envelope or detail) reads as no alert and a reason.
 */
import { ALERT_SOURCES, type AlertSourceId, alertSources } from '#contracts/alert-sources.ts';
import type { Alert } from '../alert.ts';
import { alarmAlert } from './alarm.ts';
import { envelope } from './envelope.ts';
import { guardDutyAlert } from './guardduty.ts';
import { healthAlert } from './health.ts';
import { securityHubAlerts } from './securityhub.ts';

export type ReadEvent =
  | { readonly ok: true; readonly source: AlertSourceId; readonly alerts: readonly Alert[] }
  | { readonly ok: false; readonly reason: string };

const READERS: { readonly [Id in AlertSourceId]: (event: Parameters<typeof alarmAlert>[0]) => Alert[] } = {
  alarm: (event) => optional(alarmAlert(event)),
  health: (event) => optional(healthAlert(event)),
  guardduty: (event) => optional(guardDutyAlert(event)),
  securityhub: securityHubAlerts,
};

function optional(alert: Alert | undefined): Alert[] {
  return alert ? [alert] : [];
}

export function readAlertEvent(raw: unknown): ReadEvent {
  const parsed = envelope.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'not an EventBridge event' };
  const event = parsed.data;
  const descriptor = alertSources().find(
    (source) => source.source === event.source && source.detailType === event['detail-type'],
  );
  if (!descriptor) return { ok: false, reason: `not an alert source (${event.source})` };
  const source = descriptor.id as AlertSourceId;
  const alerts = READERS[source](event);
  if (alerts.length === 0) return { ok: false, reason: `malformed ${ALERT_SOURCES[source].title} event` };
  return { ok: true, source, alerts };
}
