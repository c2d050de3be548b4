/**
 * The alert sources CentralOps listens to, as every part needs them: the registry validates a
 * channel's `alerts.sources` and `minSeverity` against them, infra/ writes one EventBridge rule per
 * source from their patterns (central bus and member accounts alike), the local bus matches sample
 * events with the same patterns, and the notifier reads their events.
 */

/** One severity scale for every source; each source maps its own (GuardDuty's 1–10, ASFF labels) onto it. */
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

export function isAlertSeverity(value: unknown): value is AlertSeverity {
  return typeof value === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(value);
}

/** An EventBridge event pattern (docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface AlertSourceOptions {
  /** GuardDuty findings below this severity (1.0–10.0) are not forwarded. @default 7 (High) */
  readonly guardDutyMinSeverity?: number;
}

export interface AlertSourceDescriptor {
  /** As channels.yaml names it. */
  readonly id: string;
  /** As people read it in a message. */
  readonly title: string;
  /** EventBridge `source` and `detail-type` of its events. */
  readonly source: string;
  readonly detailType: string;
  /** The rule's pattern: the same on the member accounts' default buses and the central bus. */
  pattern(options?: AlertSourceOptions): EventPattern;
}

/** GuardDuty's own default floor: High (7.0–8.9) and Critical (9.0–10.0). */
export const DEFAULT_GUARDDUTY_MIN_SEVERITY = 7;

const alarm = {
  id: 'alarm',
  title: 'CloudWatch alarm',
  source: 'aws.cloudwatch',
  detailType: 'CloudWatch Alarm State Change',
  pattern: () => ({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] }),
} as const satisfies AlertSourceDescriptor;

const health = {
  id: 'health',
  title: 'AWS Health',
  source: 'aws.health',
  detailType: 'AWS Health Event',
  pattern: () => ({ source: ['aws.health'], 'detail-type': ['AWS Health Event'] }),
} as const satisfies AlertSourceDescriptor;

const guardduty = {
  id: 'guardduty',
  title: 'GuardDuty',
  source: 'aws.guardduty',
  detailType: 'GuardDuty Finding',
  pattern: (options: AlertSourceOptions = {}) => ({
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      severity: [{ numeric: ['>=', options.guardDutyMinSeverity ?? DEFAULT_GUARDDUTY_MIN_SEVERITY] }],
    },
  }),
} as const satisfies AlertSourceDescriptor;

const securityhub = {
  id: 'securityhub',
  title: 'Security Hub',
  source: 'aws.securityhub',
  detailType: 'Security Hub Findings - Imported',
  // Imported findings of severity HIGH and above only; an event carrying several findings is
  // matched when any of them is, so the notifier checks each finding again.
  pattern: () => ({
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] } } },
  }),
} as const satisfies AlertSourceDescriptor;

/** Every source, by id. */
export const ALERT_SOURCES = { alarm, health, guardduty, securityhub } as const;

export type AlertSourceId = keyof typeof ALERT_SOURCES;

export const ALERT_SOURCE_IDS = Object.keys(ALERT_SOURCES) as AlertSourceId[];

export function isAlertSourceId(value: unknown): value is AlertSourceId {
  return typeof value === 'string' && Object.hasOwn(ALERT_SOURCES, value);
}

export function alertSources(): readonly AlertSourceDescriptor[] {
  return Object.values(ALERT_SOURCES);
}

/** The GuardDuty floor must be one of GuardDuty's own values, 1.0 to 10.0. */
export function isGuardDutySeverity(value: number): boolean {
  return Number.isFinite(value) && value >= 1 && value <= 10;
}

/** Who claims an alert in the state table (`dedupe#<scope>#…`): the router per event, the poster per delivery. */
export const ALERT_DEDUPE_SCOPES = { router: 'alerts', poster: 'alerts-poster' } as const;
