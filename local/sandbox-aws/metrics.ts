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
  if (query.namespace === 'AWS/EC2' && query.metricName === 'CPUUtilization') {
    const id = dimension('InstanceId');
    const instance = data.instances.find((i) => i.InstanceId === id);
    if (instance?.State.Name !== 'running') return undefined;
    return statistic(query.stat, 2 + (noise(instance.InstanceId) % 9000) / 100, 1);
  }
  return undefined;
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
