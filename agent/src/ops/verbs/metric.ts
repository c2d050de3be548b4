/**
 * `/ops <target> metric <preset | Namespace:Metric[:Dimension[=value]]> [3h] [region] [stat]`: a
 * metric over a window in each account and region (CloudWatch GetMetricData: one series per
 * resource, summed or maxed into one), answered as a one-line sparkline with min/max/last (for
 * phones and screen readers), and as a chart image (GetMetricWidgetImage, drawn by CloudWatch) for
 * the account+regions where the metric peaks highest.
 */
import { type AgentEvent, MAX_IMAGE_BYTES } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import type { CatalogCall, TimeWindow } from '../../catalog/index.ts';
import { arr, capLines, obj, plural, records, str } from '../../catalog/summaries.ts';
import { runEach } from '../../fanout/run-each.ts';
import { accountCall, type Caller, callEachAccount, failureEvent, outcomeEvents } from '../fan-out.ts';
import { minMaxLast, shortNumber, sparkline, timeOf, windowAndRegion } from '../format.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';
import { didYouMean } from '../words.ts';

export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  /** The dimension one series is drawn per (a SEARCH over it), when no value is given. */
  readonly dimension?: string;
  /** Exactly this resource. */
  readonly dimensionValue?: string;
  readonly stat: string;
  /** What it is, for help. */
  readonly description?: string;
}

export const METRIC_PRESETS: Readonly<Record<string, MetricSpec>> = {
  'alb-5xx': {
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_Target_5XX_Count',
    dimension: 'LoadBalancer',
    stat: 'Sum',
    description: 'ALB target 5xx responses',
  },
  'alb-latency': {
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimension: 'LoadBalancer',
    stat: 'Average',
    description: 'ALB target response time (s)',
  },
  'lambda-errors': {
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    dimension: 'FunctionName',
    stat: 'Sum',
    description: 'Lambda errors',
  },
  'lambda-duration': {
    namespace: 'AWS/Lambda',
    metricName: 'Duration',
    dimension: 'FunctionName',
    stat: 'Average',
    description: 'Lambda duration (ms)',
  },
  'lambda-throttles': {
    namespace: 'AWS/Lambda',
    metricName: 'Throttles',
    dimension: 'FunctionName',
    stat: 'Sum',
    description: 'Lambda throttles',
  },
  'rds-cpu': {
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimension: 'DBInstanceIdentifier',
    stat: 'Average',
    description: 'RDS CPU (%)',
  },
  'rds-connections': {
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnections',
    dimension: 'DBInstanceIdentifier',
    stat: 'Average',
    description: 'RDS connections',
  },
  'sqs-age': {
    namespace: 'AWS/SQS',
    metricName: 'ApproximateAgeOfOldestMessage',
    dimension: 'QueueName',
    stat: 'Maximum',
    description: 'SQS age of the oldest message (s)',
  },
  'apigw-5xx': {
    namespace: 'AWS/ApiGateway',
    metricName: '5XXError',
    dimension: 'ApiName',
    stat: 'Sum',
    description: 'API Gateway 5xx',
  },
};

const STATS: Readonly<Record<string, string>> = {
  sum: 'Sum',
  avg: 'Average',
  average: 'Average',
  max: 'Maximum',
  maximum: 'Maximum',
  min: 'Minimum',
  minimum: 'Minimum',
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
};

/** `AWS/EC2:CPUUtilization:InstanceId=i-0abc` (case kept). */
const CUSTOM = /^([A-Za-z0-9/_.#-]+):([A-Za-z0-9_.-]+)(?::([A-Za-z0-9_.-]+)(?:=(\S+))?)?$/;
const THREE_HOURS: TimeWindow = { label: '3h', ms: 3 * 3_600_000 };
/** Charts in one answer: the account+regions where the metric peaks highest. */
export const MAX_CHARTS = 3;
const CHART_WIDTH = 600;
const CHART_HEIGHT = 300;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface MetricPlan {
  readonly kind: 'metric';
  readonly target?: string;
  /** The preset's name, or the custom metric as typed. */
  readonly label: string;
  readonly metric: MetricSpec;
  readonly window: TimeWindow;
  readonly region?: string;
}

/** A period giving about 60 points over the window, a whole number of minutes. */
function periodOf(window: TimeWindow): number {
  return Math.max(60, Math.ceil(window.ms / 1000 / 60 / 60) * 60);
}

function searchExpression(metric: MetricSpec, period: number): string {
  return `SEARCH('{${metric.namespace},${metric.dimension}} MetricName="${metric.metricName}"', '${metric.stat}', ${period})`;
}

function dimensions(metric: MetricSpec): { Name: string; Value: string }[] {
  return metric.dimension && metric.dimensionValue
    ? [{ Name: metric.dimension, Value: metric.dimensionValue }]
    : [];
}

function dataCall(plan: MetricPlan, now: number): CatalogCall {
  const period = periodOf(plan.window);
  const { metric } = plan;
  const query =
    metric.dimension && !metric.dimensionValue
      ? { Id: 'm', Expression: searchExpression(metric, period), ReturnData: true }
      : {
          Id: 'm',
          Label: plan.label,
          MetricStat: {
            Metric: {
              Namespace: metric.namespace,
              MetricName: metric.metricName,
              Dimensions: dimensions(metric),
            },
            Period: period,
            Stat: metric.stat,
          },
          ReturnData: true,
        };
  return {
    service: 'cloudwatch',
    operation: 'GetMetricData',
    params: {
      MetricDataQueries: [query],
      StartTime: new Date(now - plan.window.ms).toISOString(),
      EndTime: new Date(now).toISOString(),
      ScanBy: 'TimestampAscending',
    },
  };
}

function widgetCall(plan: MetricPlan, account: Account, region: string): CatalogCall {
  const period = periodOf(plan.window);
  const { metric } = plan;
  const line =
    metric.dimension && !metric.dimensionValue
      ? [{ expression: searchExpression(metric, period), id: 'e1', label: '' }]
      : [metric.namespace, metric.metricName, ...dimensions(metric).flatMap((d) => [d.Name, d.Value])];
  const widget = {
    metrics: [line],
    view: 'timeSeries',
    stacked: false,
    region,
    stat: metric.stat,
    period,
    start: `-PT${Math.round(plan.window.ms / 60_000)}M`,
    end: 'P0D',
    title: `${plan.label} · ${account.name} · ${region}`,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    legend: { position: 'bottom' },
    timezone: '+0000',
  };
  return {
    service: 'cloudwatch',
    operation: 'GetMetricWidgetImage',
    params: { MetricWidget: JSON.stringify(widget), OutputFormat: 'png' },
  };
}

interface SeriesReading {
  readonly label: string;
  readonly points: [number, number][];
}

function seriesOf(response: unknown): SeriesReading[] {
  return records(response, 'MetricDataResults').map((result) => {
    const times = arr(result.Timestamps).map(timeOf);
    const values = arr(result.Values).map(Number);
    return {
      label: str(result.Label),
      points: times
        .map((t, i): [number, number] => [t, values[i] ?? Number.NaN])
        .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v))
        .sort((a, b) => a[0] - b[0]),
    };
  });
}

/** One value per time across the series: summed for counts, the highest otherwise. */
function combined(series: readonly SeriesReading[], stat: string): number[] {
  const byTime = new Map<number, number>();
  for (const s of series)
    for (const [t, v] of s.points)
      byTime.set(t, stat === 'Sum' ? (byTime.get(t) ?? 0) + v : Math.max(byTime.get(t) ?? v, v));
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export interface MetricReading {
  readonly summary: string;
  readonly lines: string[];
  /** The highest combined value, for choosing what to chart; undefined without data. */
  readonly peak: number | undefined;
  /** Sparkline and min/max/last, in words: the chart's alt text. */
  readonly words: string;
}

export function readMetric(response: unknown, plan: MetricPlan): MetricReading {
  const series = seriesOf(response).filter((s) => s.points.length > 0);
  const values = combined(series, plan.metric.stat);
  const head = `${plan.label} (${plan.metric.stat}, ${plan.window.label})`;
  if (values.length === 0)
    return { summary: `${head}: no data`, lines: [], peak: undefined, words: 'no data' };
  const words = `${sparkline(values)} ${minMaxLast(values)}`;
  const lines = series
    .map((s) => ({ label: s.label, values: s.points.map(([, v]) => v) }))
    .sort((a, b) => Math.max(...b.values) - Math.max(...a.values))
    .map(
      (s) =>
        `${s.label}: ${sparkline(s.values)} max ${shortNumber(Math.max(...s.values))} · last ${shortNumber(s.values.at(-1)!)}`,
    );
  return {
    summary: `${head}: ${words}`,
    lines: series.length > 1 ? capLines(lines) : [],
    peak: Math.max(...values),
    words,
  };
}

/** `alb-5xx-payments-prod-us-east-1.png`. */
function imageName(label: string, account: Account, region: string): string {
  const base = `${label}-${account.name}-${region}`.replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return `${base.slice(0, 96)}.png`;
}

/** The PNG a widget call answered, base64, when it is one and small enough to carry. */
function pngOf(response: unknown): string | { problem: string } {
  const base64 = obj(response).MetricWidgetImage;
  if (typeof base64 !== 'string' || base64 === '') return { problem: 'CloudWatch returned no image' };
  const bytes = Buffer.from(base64, 'base64');
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    return { problem: 'the image is not a PNG (cut by the size cap?)' };
  if (bytes.length > MAX_IMAGE_BYTES) return { problem: `the image is larger than ${MAX_IMAGE_BYTES} bytes` };
  return bytes.toString('base64');
}

function parseMetric(word: string, raw: string): { label: string; metric: MetricSpec } | undefined {
  const preset = METRIC_PRESETS[word];
  if (preset) return { label: word, metric: preset };
  const custom = CUSTOM.exec(raw);
  if (!custom) return undefined;
  const [, namespace, metricName, dimension, dimensionValue] = custom;
  return {
    label: raw,
    metric: {
      namespace: namespace!,
      metricName: metricName!,
      ...(dimension ? { dimension } : {}),
      ...(dimensionValue ? { dimensionValue } : {}),
      stat: /count|error|5xx|4xx|throttle/i.test(metricName!) ? 'Sum' : 'Average',
    },
  };
}

interface Peak {
  readonly account: Account;
  readonly region: string;
  readonly peak: number;
  /** The reading in words, for the chart's alt text. */
  readonly words: string;
}

/** One chart: its call names its account and region, so it is an invocation of its own. */
async function drawChart(plan: MetricPlan, caller: Caller, chart: Peak): Promise<AgentEvent[]> {
  const { account, region } = chart;
  try {
    const png = pngOf(await accountCall(caller, account, region)([widgetCall(plan, account, region)]));
    if (typeof png !== 'string')
      return [
        {
          type: 'error',
          account: accountRef(account),
          region,
          code: 'unavailable',
          message: `chart: ${png.problem}`,
        },
      ];
    return [
      {
        type: 'image',
        name: imageName(plan.label, account, region),
        mime: 'image/png',
        base64: png,
        alt: `${plan.label} (${plan.metric.stat}) in ${account.name} ${region}, last ${plan.window.label}: ${chart.words}`,
        account: accountRef(account),
        region,
      },
    ];
  } catch (error) {
    return [failureEvent(accountRef(account), region, error)];
  }
}

export const metric: OpsVerb<'metric', MetricPlan> = {
  name: 'metric',
  aliases: ['metrics', 'graph', 'chart'],
  targeted: true,
  usage:
    '/ops <target> metric <preset | Namespace:Metric[:Dimension[=value]]> [3h] [region] [sum|avg|max|p99]',
  summary: `a metric as a chart and a sparkline; presets: ${Object.keys(METRIC_PRESETS).join(', ')}`,

  plan(words, context) {
    const [first, ...others] = words;
    const raw = context?.raw ?? words;
    if (first === undefined)
      return usage(
        `Name a metric: a preset (${Object.keys(METRIC_PRESETS).join(', ')}) or Namespace:Metric.`,
        metric,
      );
    const parsed = parseMetric(first, raw[0] ?? first);
    if (!parsed)
      return usage(
        `Unknown metric "${raw[0] ?? first}".${didYouMean(first, Object.keys(METRIC_PRESETS))}`,
        metric,
      );
    const { window, region, rest } = windowAndRegion(others, THREE_HOURS);
    let stat = parsed.metric.stat;
    for (const word of rest) {
      const named = STATS[word];
      if (!named) return usage(`Unknown word "${word}" for metric.`, metric);
      stat = named;
    }
    return {
      kind: 'metric',
      label: parsed.label,
      metric: { ...parsed.metric, stat },
      window,
      ...(region ? { region } : {}),
      ...(context?.target ? { target: context.target } : {}),
    };
  },

  async *run(plan, turn) {
    const readable = yield* readableAccounts(turn, plan.target, 'Metric', '/ops prod metric alb-5xx');
    if (!readable) return;
    yield {
      type: 'status',
      message: `reading ${plan.label} over ${plan.window.label} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const now = turn.now();
    const regionsFor = plan.region ? () => [plan.region!] : undefined;
    const peaks: Peak[] = [];
    const tally = yield* outcomeEvents(
      callEachAccount({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        calls: [dataCall(plan, now)],
        ...(regionsFor ? { regionsFor } : {}),
      }),
      (outcome) => {
        const reading = readMetric(outcome.payload, plan);
        if (reading.peak !== undefined)
          peaks.push({
            account: outcome.account,
            region: outcome.region,
            peak: reading.peak,
            words: reading.words,
          });
        return [
          {
            type: 'result',
            account: accountRef(outcome.account),
            region: outcome.region,
            operation: 'cloudwatch GetMetricData',
            summary: reading.summary,
            lines: reading.lines,
          },
        ];
      },
    );
    if (!tally) {
      turn.answer.summary = 'Metric: refused by the policy.';
      return;
    }
    const charted = peaks.sort((a, b) => b.peak - a.peak).slice(0, MAX_CHARTS);
    if (charted.length > 0) {
      yield { type: 'status', message: `drawing ${plural(charted.length, 'chart')}…` };
      const caller = { gateway: readable.gateway, requestedBy: turn.user.username };
      for await (const events of runEach(charted, turn.fanOut.shardsInFlight, (chart) =>
        drawChart(plan, caller, chart),
      ))
        yield* events;
    }
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    const top = charted[0];
    turn.answer.summary =
      `${plan.label} over ${plan.window.label} in ${plural(readable.accounts.length, 'account')}: ` +
      `${top ? `highest in ${top.account.name} ${top.region} (max ${shortNumber(top.peak)})` : 'no data'}` +
      `${peaks.length > charted.length ? `; charts for the top ${charted.length} of ${peaks.length}` : ''}` +
      `${tally.failed ? `; ${tally.failed} failed` : ''}${readable.refused ? `; ${readable.refused} refused` : ''}`;
  },
};
