/**
 * CloudWatch datapoints computed on demand from the dataset: erroring Lambda functions report
 * Errors in every recent period, so "which lambdas errored in the last hour" has an answer.
 */
import { hash32 } from './random.ts';
import type { RegionData } from './types.ts';

/** Datapoints older than this are gone, like CloudWatch's high-resolution retention. */
const RETENTION_MS = 15 * 86_400_000;
/** Erroring functions error in every period of the last hours before now. */
const ERROR_WINDOW_MS = 3 * 3_600_000;
/** The failing load balancer answers 5xx since the deploy 35 minutes before now (diagnostics-data.ts). */
const INCIDENT_WINDOW_MS = 35 * 60_000;

export interface MetricQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly periodSeconds: number;
  readonly stat: string;
}

/** Bucket start times (epoch ms) with data in [start, end), aligned to the period. */
export function bucketStarts(startMs: number, endMs: number, periodSeconds: number, now: number): number[] {
  const period = periodSeconds * 1000;
  const first = Math.ceil(Math.max(startMs, now - RETENTION_MS) / period) * period;
  const out: number[] = [];
  for (let t = first; t < Math.min(endMs, now); t += period) out.push(t);
  return out;
}

/** The statistic for one bucket, or undefined when the metric has no data there. */
export function metricValue(
  data: RegionData,
  query: MetricQuery,
  bucketStart: number,
  now: number,
): number | undefined {
  const dimension = (name: string): string | undefined =>
    query.dimensions.find((d) => d.Name === name)?.Value;
  const minutes = Math.max(1, query.periodSeconds / 60);
  const noise = (salt: string): number => hash32(`${salt}:${query.metricName}:${bucketStart}`);
  if (query.namespace === 'AWS/Lambda') {
    const name = dimension('FunctionName');
    if (!name || !data.functions.some((f) => f.FunctionName === name)) return undefined;
    let sum: number;
    switch (query.metricName) {
      case 'Errors':
        sum =
          data.erroringFunctions.includes(name) && bucketStart >= now - ERROR_WINDOW_MS
            ? 1 + (noise(name) % (2 * minutes))
            : 0;
        break;
      case 'Invocations':
        sum = 5 + (noise(name) % (20 * minutes));
        break;
      case 'Throttles':
        sum = 0;
        break;
      case 'Duration':
        return statistic(query.stat, 40 + (noise(name) % 900), 1);
      default:
        return undefined;
    }
    return statistic(query.stat, sum, minutes);
  }
  const recent = bucketStart >= now - INCIDENT_WINDOW_MS;
  if (query.namespace === 'AWS/ApplicationELB') {
    const lb = data.loadBalancers.find(
      (l) => loadBalancerDimension(l.LoadBalancerArn) === dimension('LoadBalancer'),
    );
    if (!lb) return undefined;
    const failing = lb.LoadBalancerName === data.failingLoadBalancer && recent;
    const salt = lb.LoadBalancerName;
    switch (query.metricName) {
      case 'RequestCount':
        return statistic(query.stat, (200 + (noise(salt) % 300)) * minutes, minutes);
      case 'HTTPCode_Target_5XX_Count':
        return statistic(
          query.stat,
          failing ? (5 + (noise(salt) % 30)) * minutes : noise(salt) % 40 === 0 ? 1 : 0,
          minutes,
        );
      case 'HTTPCode_ELB_5XX_Count':
        return statistic(query.stat, failing ? (1 + (noise(salt) % 5)) * minutes : 0, minutes);
      case 'TargetResponseTime':
        return statistic(
          query.stat,
          failing ? 1.5 + (noise(salt) % 2500) / 1000 : 0.05 + (noise(salt) % 200) / 1000,
          1,
        );
      default:
        return undefined;
    }
  }
  if (query.namespace === 'AWS/RDS') {
    const id = dimension('DBInstanceIdentifier');
    if (!data.dbInstances.some((d) => d.DBInstanceIdentifier === id)) return undefined;
    if (query.metricName === 'CPUUtilization') return statistic(query.stat, 8 + (noise(id!) % 6000) / 100, 1);
    if (query.metricName === 'DatabaseConnections') return statistic(query.stat, 5 + (noise(id!) % 60), 1);
    return undefined;
  }
  if (query.namespace === 'AWS/SQS') {
    const name = dimension('QueueName');
    if (!name || !data.queues.some((q) => q.endsWith(`/${name}`))) return undefined;
    if (query.metricName === 'ApproximateAgeOfOldestMessage') {
      // A dead-letter queue's oldest message only gets older; the others drain within minutes.
      const age = name.includes('dead-letter')
        ? Math.round((bucketStart - (now - 6 * 3_600_000)) / 1000)
        : noise(name) % 90;
      return statistic(query.stat, Math.max(0, age), 1);
    }
    if (query.metricName === 'ApproximateNumberOfMessagesVisible')
      return statistic(query.stat, noise(name) % 200, 1);
    return undefined;
  }
  if (query.namespace === 'AWS/ApiGateway') {
    const name = dimension('ApiName');
    if (!name || !data.apis.includes(name)) return undefined;
    if (query.metricName === 'Count')
      return statistic(query.stat, (50 + (noise(name) % 200)) * minutes, minutes);
    if (query.metricName === '5XXError')
      return statistic(query.stat, noise(name) % 30 === 0 ? 1 : 0, minutes);
    if (query.metricName === 'Latency') return statistic(query.stat, 40 + (noise(name) % 300), 1);
    return undefined;
  }
  if (query.namespace === 'AWS/EC2' && query.metricName === 'CPUUtilization') {
    const id = dimension('InstanceId');
    const instance = data.instances.find((i) => i.InstanceId === id);
    if (instance?.State.Name !== 'running') return undefined;
    return statistic(query.stat, 2 + (noise(instance.InstanceId) % 9000) / 100, 1);
  }
  return undefined;
}

/** `arn:…:loadbalancer/app/web/abc` → `app/web/abc`, the LoadBalancer dimension's value. */
export function loadBalancerDimension(arn: string): string {
  return arn.split(':loadbalancer/')[1] ?? arn;
}

/** Every metric the region reports, with its dimension, as ListMetrics names them. */
export function metricCatalog(data: RegionData): MetricIdentity[] {
  const each = (namespace: string, names: readonly string[], dimension: string, values: readonly string[]) =>
    values.flatMap((value) =>
      names.map((metricName) => ({
        Namespace: namespace,
        MetricName: metricName,
        Dimensions: [{ Name: dimension, Value: value }],
      })),
    );
  return [
    ...each(
      'AWS/Lambda',
      ['Errors', 'Invocations', 'Duration', 'Throttles'],
      'FunctionName',
      data.functions.map((f) => f.FunctionName),
    ),
    ...each(
      'AWS/EC2',
      ['CPUUtilization'],
      'InstanceId',
      data.instances.map((i) => i.InstanceId),
    ),
    ...each(
      'AWS/ApplicationELB',
      ['RequestCount', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count', 'TargetResponseTime'],
      'LoadBalancer',
      data.loadBalancers.map((l) => loadBalancerDimension(l.LoadBalancerArn)),
    ),
    ...each(
      'AWS/RDS',
      ['CPUUtilization', 'DatabaseConnections'],
      'DBInstanceIdentifier',
      data.dbInstances.map((d) => d.DBInstanceIdentifier),
    ),
    ...each(
      'AWS/SQS',
      ['ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible'],
      'QueueName',
      data.queues.map((q) => q.split('/').at(-1) ?? q),
    ),
    ...each('AWS/ApiGateway', ['Count', '5XXError', 'Latency'], 'ApiName', data.apis),
  ];
}

export interface MetricIdentity {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
}

/** Counts are sums per period; gauges (samples = 1) are already averages. */
function statistic(stat: string, sum: number, samples: number): number {
  switch (stat) {
    case 'Average':
      return Math.round((sum / samples) * 100) / 100;
    case 'Minimum':
      return samples > 1 ? 0 : sum;
    case 'SampleCount':
      return samples;
    default:
      return sum;
  }
}
