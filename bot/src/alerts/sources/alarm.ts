/**
 * CloudWatch Alarm State Change (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
 * cloudwatch-and-eventbridge.html): one thread per alarm, each state change a line in it.
 */
import { z } from 'zod';
import { type Alert, type AlertMetric, type AlertResource, bounded, MAX_SUMMARY_CHARS } from '../alert.ts';
import { consoleHost, type Envelope, isoDate, text } from './envelope.ts';

const state = z.looseObject({
  value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  reason: text(4096).optional(),
  timestamp: text(64).optional(),
});

const metricStat = z.looseObject({
  metric: z.looseObject({
    namespace: text(256),
    name: text(256),
    dimensions: z.record(z.string().max(256), text(1024)).optional(),
  }),
  period: z
    .number()
    .int()
    .positive()
    .max(86_400 * 7),
  stat: text(64),
});

const detail = z.looseObject({
  alarmName: text(255),
  state,
  previousState: state.optional(),
  configuration: z
    .looseObject({
      description: text(1024).optional(),
      metrics: z
        .array(z.looseObject({ id: text(255).optional(), metricStat: metricStat.optional() }))
        .max(20)
        .optional(),
    })
    .optional(),
});

/** Dimensions that name the one resource an alarm watches, and what an investigation calls it. */
const RESOURCE_DIMENSIONS: readonly (readonly [dimension: string, kind: string])[] = [
  ['InstanceId', 'ec2-instance'],
  ['FunctionName', 'lambda-function'],
  ['DBInstanceIdentifier', 'rds-instance'],
  ['TableName', 'dynamodb-table'],
  ['LoadBalancer', 'load-balancer'],
  ['QueueName', 'sqs-queue'],
];

export function alarmAlert(event: Envelope): Alert | undefined {
  const parsed = detail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const { alarmName, state: current, configuration } = parsed.data;
  const metric = firstMetric(configuration?.metrics);
  const resource = metric ? resourceOf(metric.dimensions) : undefined;
  // The alarm's ARN is its identity; an ARN naming another account or region than the event is not trusted.
  const arn = `arn:aws:cloudwatch:${event.region}:${event.account}:alarm:${alarmName}`;
  return {
    source: 'alarm',
    eventId: event.id,
    dedupeKey: event.id,
    senderAccount: event.account,
    account: event.account,
    region: event.region,
    key: arn,
    title: bounded(alarmName, 255),
    status: current.value,
    statusKind: current.value === 'ALARM' ? 'firing' : current.value === 'OK' ? 'resolved' : 'info',
    // Alarms carry no severity: every state change of one alarm routes alike, as "high".
    severity: 'high',
    at: isoDate(current.timestamp, isoDate(event.time, new Date(0).toISOString())),
    summary: bounded(current.reason ?? configuration?.description ?? '', MAX_SUMMARY_CHARS),
    ...(metric ? { metric } : {}),
    ...(resource ? { resource } : {}),
    ...(metric?.dimensions.FunctionName ? { logGroup: `/aws/lambda/${metric.dimensions.FunctionName}` } : {}),
    consoleUrl: `${consoleHost(event.region)}/cloudwatch/home?region=${event.region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`,
  };
}

type Configuration = NonNullable<z.output<typeof detail>['configuration']>;

function firstMetric(metrics: Configuration['metrics']): AlertMetric | undefined {
  const stat = metrics?.find((entry) => entry.metricStat)?.metricStat;
  if (!stat) return undefined;
  return {
    namespace: stat.metric.namespace,
    name: stat.metric.name,
    dimensions: stat.metric.dimensions ?? {},
    stat: stat.stat,
    period: stat.period,
  };
}

function resourceOf(dimensions: Readonly<Record<string, string>>): AlertResource | undefined {
  for (const [dimension, kind] of RESOURCE_DIMENSIONS) {
    const id = dimensions[dimension];
    if (id) return { kind, id };
  }
  return undefined;
}
