/**
 * CentralOps' CloudWatch metrics: one namespace, the names every part emits (as EMF, through
 * Powertools Metrics) and the dimensions they carry. infra/ builds the dashboard and the alarms
 * from the same names, so a renamed metric cannot leave a graph empty.
 */

export const METRICS_NAMESPACE = 'CentralOps';

/** The `service` dimension Powertools adds to every metric: one per emitting part. */
export const METRIC_SERVICES = {
  bot: 'centralops-bot',
  agent: 'centralops-agent',
} as const;

/** Dimension names beyond `service`. */
export const METRIC_DIMENSIONS = {
  platform: 'platform',
  verb: 'verb',
  reason: 'reason',
  part: 'part',
  code: 'code',
  outcome: 'outcome',
} as const;

export const METRIC_UNITS = {
  count: 'Count',
  milliseconds: 'Milliseconds',
} as const;

type MetricUnitName = (typeof METRIC_UNITS)[keyof typeof METRIC_UNITS];

interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnitName;
  /** The part that emits it. */
  readonly service: keyof typeof METRIC_SERVICES;
  /** The extra dimension it is broken down by, beside platform and verb. */
  readonly by?: (typeof METRIC_DIMENSIONS)[keyof typeof METRIC_DIMENSIONS];
}

/** Every metric, by what it counts. */
export const METRICS = {
  /** Questions that reached the bot (every one, answered or not). */
  questions: { name: 'Questions', unit: 'Count', service: 'bot' },
  /** From the question's arrival to the first text, result or error in the chat. */
  timeToFirstText: { name: 'TimeToFirstText', unit: 'Milliseconds', service: 'bot' },
  /** From the question's arrival to the final answer in the chat. */
  timeToFinal: { name: 'TimeToFinal', unit: 'Milliseconds', service: 'bot' },
  /** Questions refused, by reason (contracts/audit.ts RefusalReason); the bot's and the agent's. */
  botRefusals: { name: 'Refusals', unit: 'Count', service: 'bot', by: 'reason' },
  agentRefusals: { name: 'Refusals', unit: 'Count', service: 'agent', by: 'reason' },
  /** Questions failed, by the part that failed (contracts/audit.ts FailedPart). */
  botErrors: { name: 'Errors', unit: 'Count', service: 'bot', by: 'part' },
  agentErrors: { name: 'Errors', unit: 'Count', service: 'agent', by: 'part' },
  /** Accounts one question read (answered, refused or failed). */
  accountsPerQuestion: { name: 'AccountsPerQuestion', unit: 'Count', service: 'agent' },
  /** Account+region calls of a fan-out that failed, by error code. */
  fanOutFailures: { name: 'FanOutFailures', unit: 'Count', service: 'agent', by: 'code' },
  /** Agent turn: start to first event, and to `final`. */
  agentTimeToFirstEvent: { name: 'AgentTimeToFirstEvent', unit: 'Milliseconds', service: 'agent' },
  agentTurnTime: { name: 'AgentTurnTime', unit: 'Milliseconds', service: 'agent' },
  /** Slack Web API / Bot Connector calls retried (rate limits, 5xx). */
  chatApiRetries: { name: 'ChatApiRetries', unit: 'Count', service: 'bot' },
  /** Alerts delivered into a channel, by outcome (`delivered`, `failed`): issue 16's notifier. */
  alertDeliveries: { name: 'AlertDeliveries', unit: 'Count', service: 'bot', by: 'outcome' },
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;
