/**
 * The words of an alert, the same on every platform: its status line, the line a state change
 * adds to the thread, the line flapping collapses into, the mute note. Short, for a phone.
 */
import { ALERT_SOURCES } from '#contracts/alert-sources.ts';
import type { Alert, AlertStatusKind } from './alert.ts';

const STATUS_ICON: Readonly<Record<AlertStatusKind, string>> = { firing: '🔴', resolved: '✅', info: 'ℹ️' };

function statusIcon(alert: Pick<Alert, 'statusKind'>): string {
  return STATUS_ICON[alert.statusKind];
}

/** `🔴 ALARM · ServerCpuTooHigh` */
export function headline(alert: Alert): string {
  return `${statusIcon(alert)} ${alert.status} · ${alert.title}`;
}

/** `17:04 UTC` (with the date when it is not today). */
function shortTime(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${date.toISOString().slice(11, 16)} UTC`;
  return new Date(now).toISOString().slice(0, 10) === date.toISOString().slice(0, 10)
    ? time
    : `${date.toISOString().slice(0, 10)} ${time}`;
}

/** The facts under the headline: where, how bad, since when. */
export function facts(alert: Alert, accountLabel: string): readonly { label: string; value: string }[] {
  return [
    { label: 'Account', value: accountLabel },
    { label: 'Region', value: alert.region },
    { label: 'Severity', value: alert.severity },
    { label: 'Since', value: shortTime(alert.at) },
    ...(alert.resource ? [{ label: 'Resource', value: alert.resource.id }] : []),
  ];
}

/** The source, for the footer: `CloudWatch alarm`. */
export function sourceTitle(alert: Alert): string {
  return ALERT_SOURCES[alert.source].title;
}

/** What a state change adds to the thread: `✅ OK at 17:10 UTC: Threshold Crossed: …` */
export function changeLine(alert: Alert): string {
  const reason = alert.summary ? `: ${alert.summary}` : '';
  return `${statusIcon(alert)} ${alert.status} at ${shortTime(alert.at)}${reason}`;
}

/** The one line flapping collapses into, updated in place as changes keep coming. */
export function flapLine(alert: Alert, changes: number, windowMs: number): string {
  const minutes = Math.max(1, Math.round(windowMs / 60_000));
  return `🔁 Flapping: ${changes} changes in ${minutes} min, now ${statusIcon(alert)} ${alert.status} (${shortTime(alert.at)})`;
}
