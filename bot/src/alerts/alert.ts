/**
 * One alert as the notifier handles it, whatever its source: who it is about (account, region),
 * what it is (a stable key for its thread, a title, a status, a severity), what a responder reads
 * first, and what an investigation can start from (metric, resource, log group). Built from a
 * validated EventBridge event by sources/*.ts; every text field is bounded there.
 */
import type { AlertSeverity, AlertSourceId } from '#contracts/alert-sources.ts';

/** How a status reads: firing (red), resolved (green), or neither (information, scheduled change). */
export type AlertStatusKind = 'firing' | 'resolved' | 'info';

export interface AlertMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: string;
  readonly period: number;
}

/** What the alert names, described by an investigation: `ec2-instance` i-0abc…, `lambda-function` checkout. */
export interface AlertResource {
  readonly kind: string;
  readonly id: string;
}

export interface Alert {
  readonly source: AlertSourceId;
  /** The EventBridge event's id (with `#<n>` for the n-th finding of a Security Hub event). */
  readonly eventId: string;
  /**
   * What EventBridge may deliver more than once under different ids: the event id, or for Health
   * the communication id with the account (a backup event repeats it from another region).
   */
  readonly dedupeKey: string;
  /** The account the event came from (EventBridge's `account`, set by EventBridge itself). */
  readonly senderAccount: string;
  /** The account the alert is about: the sender, or the member named by a delegated administrator's finding. */
  readonly account: string;
  readonly region: string;
  /** Stable across the alert's events (alarm ARN, finding id, Health event ARN + account): its thread. */
  readonly key: string;
  readonly title: string;
  /** As the source says it: ALARM, OK, INSUFFICIENT_DATA, open, closed, ACTIVE, RESOLVED, … */
  readonly status: string;
  readonly statusKind: AlertStatusKind;
  readonly severity: AlertSeverity;
  /** The source's own score, where it has one (GuardDuty: 1.0–10.0). */
  readonly score?: number;
  /** When the source says this status began (ISO 8601). */
  readonly at: string;
  /** The reason or description, one paragraph. */
  readonly summary: string;
  readonly metric?: AlertMetric;
  readonly resource?: AlertResource;
  readonly logGroup?: string;
  /** The alert in the AWS console. */
  readonly consoleUrl: string;
}

/** Longest summary kept (a phone screen's worth); the console has the rest. */
export const MAX_SUMMARY_CHARS = 400;

export function bounded(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
