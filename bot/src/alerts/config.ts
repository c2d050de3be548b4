/** The notifier's settings from the environment; every default is applied here. */
import { type Env, readEnv } from '#common/env.ts';
import { DEFAULT_GUARDDUTY_MIN_SEVERITY, isGuardDutySeverity } from '#contracts/alert-sources.ts';
import { DEFAULT_TEAMS_SERVICE_URL } from './teams-poster.ts';

export interface AlertConfig {
  /** ALERT_QUEUE_URL: the FIFO queue between the router and the poster. */
  readonly queueUrl: string | undefined;
  /** GUARDDUTY_MIN_SEVERITY: GuardDuty findings below it are not posted (1.0–10.0). @default 7 */
  readonly guardDutyMinSeverity: number;
  /** ALERT_FLAP_CHANGES: more state changes than this within the window collapse into one line. @default 3 */
  readonly flapChanges: number;
  /** ALERT_FLAP_WINDOW_MS. @default 900_000 */
  readonly flapWindowMs: number;
  /** ALERT_POST_INTERVAL_MS: least time between two messages in one channel. @default 1_000 */
  readonly postIntervalMs: number;
  /** TEAMS_SERVICE_URL: where proactive Teams posts go. @default DEFAULT_TEAMS_SERVICE_URL */
  readonly teamsServiceUrl: string;
}

export function alertConfig(env: Env = process.env): AlertConfig {
  const read = readEnv(env);
  const floor = read.positiveNumber('GUARDDUTY_MIN_SEVERITY', DEFAULT_GUARDDUTY_MIN_SEVERITY);
  return {
    queueUrl: read.text('ALERT_QUEUE_URL'),
    guardDutyMinSeverity: isGuardDutySeverity(floor) ? floor : DEFAULT_GUARDDUTY_MIN_SEVERITY,
    flapChanges: read.positiveInteger('ALERT_FLAP_CHANGES', 3),
    flapWindowMs: read.positiveInteger('ALERT_FLAP_WINDOW_MS', 900_000),
    postIntervalMs: read.positiveInteger('ALERT_POST_INTERVAL_MS', 1_000),
    teamsServiceUrl: read.text('TEAMS_SERVICE_URL') ?? DEFAULT_TEAMS_SERVICE_URL,
  };
}
