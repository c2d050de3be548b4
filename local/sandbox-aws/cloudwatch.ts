/**
 * CloudWatch over the dataset: alarms, metric data (MetricStat and SEARCH expressions), metric
 * statistics, the metric list, and GetMetricWidgetImage, drawn as a PNG from the same datapoints
 * (chart-png.ts) and answered base64, as the CLI and the AWS MCP Server hand a blob back.
 */

import { renderChart } from './chart-png.ts';
import { isoSeconds } from './dataset.ts';
import { AwsApiError } from './errors.ts';
import { bucketStarts, type MetricIdentity, metricCatalog, metricValue } from './metrics.ts';
import type { Operation, OperationInput } from './operation.ts';
import { Params } from './params.ts';
import type { RegionData } from './types.ts';

interface Series {
  readonly label: string;
  readonly points: (readonly [number, number])[];
}

interface Window {
  readonly start: number;
  readonly end: number;
  readonly period: number;
  readonly now: number;
}

/** `SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors"', 'Sum', 300)`, the form the sandbox reads. */
const SEARCH = /^\s*SEARCH\(\s*'\{([^}]*)\}\s*([^']*)'\s*,\s*'([\w.]+)'\s*(?:,\s*(\d+)\s*)?\)\s*$/;

function points(data: RegionData, metric: MetricIdentity, stat: string, window: Window): Series['points'] {
  const query = {
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    dimensions: metric.Dimensions,
    periodSeconds: window.period,
    stat,
  };
  return bucketStarts(window.start, window.end, window.period, window.now)
    .map((t) => [t, metricValue(data, query, t, window.now)] as const)
    .filter((pair): pair is readonly [number, number] => pair[1] !== undefined);
}

/** The series a SEARCH expression finds: one per metric whose schema and terms match, labelled by its dimension values. */
function search(data: RegionData, expression: string, window: Window): Series[] {
  const match = SEARCH.exec(expression);
  if (!match) {
    throw new AwsApiError(
      'ValidationError',
      `The CentralOps sandbox reads only SEARCH('{Namespace,Dimension} MetricName="Name"', 'Stat', Period) expressions, not: ${expression.slice(0, 120)}`,
    );
  }
  const [namespace, ...dimensionNames] = match[1]!
    .split(',')
    .map((part) => part.trim().replace(/^"|"$/g, ''));
  const terms = match[2]!.trim();
  const metricName = /MetricName\s*=\s*"?([\w.-]+)"?/.exec(terms)?.[1];
  const freeText = terms
    .replace(/MetricName\s*=\s*"?[\w.-]+"?/, '')
    .replace(/"/g, '')
    .trim();
  const period = Number(match[4] ?? window.period);
  return metricCatalog(data)
    .filter(
      (m) =>
        m.Namespace === namespace &&
        (!metricName || m.MetricName === metricName) &&
        m.Dimensions.length === dimensionNames.length &&
        m.Dimensions.every((d) => dimensionNames.includes(d.Name)) &&
        (!freeText || m.Dimensions.some((d) => d.Value.includes(freeText))),
    )
    .map((m) => ({
      label: m.Dimensions.map((d) => d.Value).join(' '),
      points: points(data, m, match[3]!, { ...window, period }),
    }))
    .filter((s) => s.points.length > 0);
}

function metricStat(data: RegionData, raw: unknown, window: Window): Series {
  const stat = new Params((raw ?? {}) as Record<string, unknown>);
  const metric = new Params((stat.get('Metric') ?? {}) as Record<string, unknown>);
  const identity = {
    Namespace: metric.string('Namespace') ?? '',
    MetricName: metric.string('MetricName') ?? '',
    Dimensions: metric.records('Dimensions').map((d) => ({ Name: String(d.Name), Value: String(d.Value) })),
  };
  return {
    label: identity.MetricName,
    points: points(data, identity, stat.string('Stat') ?? 'Average', {
      ...window,
      period: Number(stat.get('Period') ?? window.period),
    }),
  };
}

function getMetricData({ data, p, now }: OperationInput): unknown {
  const window = { start: p.time('StartTime')!, end: p.time('EndTime')!, period: 300, now };
  const ascending = p.string('ScanBy') === 'TimestampAscending';
  const queries = p.records('MetricDataQueries');
  if (queries.length === 0)
    throw new AwsApiError('ValidationError', 'The parameter MetricDataQueries is required.');
  const order = (series: Series['points']) => (ascending ? series : [...series].reverse());
  return {
    MetricDataResults: queries.flatMap((raw) => {
      const q = new Params(raw);
      const id = q.string('Id') ?? '';
      const expression = q.string('Expression');
      const stat = expression ? undefined : metricStat(data, q.get('MetricStat'), window);
      const found = stat
        ? [{ ...stat, label: q.string('Label') ?? stat.label }]
        : search(data, expression!, window);
      return found.map((series) => ({
        Id: id,
        Label: series.label || id,
        Timestamps: order(series.points).map(([t]) => isoSeconds(t)),
        Values: order(series.points).map(([, v]) => v),
        StatusCode: 'Complete',
      }));
    }),
    Messages: [],
  };
}

function getMetricStatistics({ data, p, now }: OperationInput): unknown {
  const start = p.time('StartTime')!;
  const end = p.time('EndTime')!;
  const period = Number(p.get('Period') ?? 60);
  const statistics = p.list('Statistics');
  const stats = statistics.length > 0 ? statistics : ['Average'];
  const buckets = bucketStarts(start, end, period, now);
  if (buckets.length > 1440) {
    throw new AwsApiError(
      'InvalidParameterCombination',
      `You have requested up to ${buckets.length} datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const base = {
    namespace: p.string('Namespace') ?? '',
    metricName: p.string('MetricName') ?? '',
    dimensions: p.records('Dimensions').map((d) => ({ Name: String(d.Name), Value: String(d.Value) })),
    periodSeconds: period,
  };
  const unit =
    base.metricName === 'CPUUtilization'
      ? 'Percent'
      : base.metricName === 'Duration'
        ? 'Milliseconds'
        : 'Count';
  const datapoints = buckets.flatMap((t) => {
    const values = stats.map((stat) => [stat, metricValue(data, { ...base, stat }, t, now)] as const);
    if (values.some(([, v]) => v === undefined)) return [];
    return [{ Timestamp: isoSeconds(t), ...Object.fromEntries(values), Unit: unit }];
  });
  return { Label: base.metricName, Datapoints: datapoints };
}

/** `-PT3H`, `-P1D`, `-PT30M` (relative to now) or an ISO time. */
function widgetTime(value: unknown, now: number, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const relative = /^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (relative) {
    const [, d, h, m, s] = relative.map((part) => Number(part ?? 0));
    return now - (((d! * 24 + h!) * 60 + m!) * 60 + s!) * 1000;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw new AwsApiError('InvalidParameterValue', `The time ${value} in the MetricWidget is not valid.`);
  return at;
}

function getMetricWidgetImage({ data, p, now }: OperationInput): unknown {
  let widget: Record<string, unknown>;
  try {
    widget = JSON.parse(p.string('MetricWidget') ?? '') as Record<string, unknown>;
  } catch {
    throw new AwsApiError('InvalidParameterValue', 'The MetricWidget parameter must be a JSON document.');
  }
  const format = p.string('OutputFormat') ?? 'png';
  if (format !== 'png' && format !== 'image/png')
    throw new AwsApiError(
      'InvalidParameterValue',
      'OutputFormat must be png: only PNG images are supported.',
    );
  const metrics = Array.isArray(widget.metrics) ? widget.metrics : [];
  if (metrics.length === 0)
    throw new AwsApiError('InvalidParameterValue', 'The MetricWidget must name at least one metric.');
  const start = widgetTime(widget.start, now, now - 3 * 3_600_000);
  const end = widgetTime(widget.end, now, now);
  const period = typeof widget.period === 'number' ? widget.period : 300;
  const stat = typeof widget.stat === 'string' ? widget.stat : 'Average';
  const window = { start, end, period, now };
  const series: Series[] = metrics.flatMap((entry: unknown): Series[] => {
    if (!Array.isArray(entry)) return [];
    const options = entry.find((part) => typeof part === 'object' && part !== null) as
      | Record<string, unknown>
      | undefined;
    if (typeof options?.expression === 'string') return search(data, options.expression, window);
    const [namespace, metricName, ...rest] = entry.filter((part): part is string => typeof part === 'string');
    const dimensions: { Name: string; Value: string }[] = [];
    for (let i = 0; i + 1 < rest.length; i += 2) dimensions.push({ Name: rest[i]!, Value: rest[i + 1]! });
    const identity = { Namespace: namespace ?? '', MetricName: metricName ?? '', Dimensions: dimensions };
    const label =
      typeof options?.label === 'string'
        ? options.label
        : [metricName, ...dimensions.map((d) => d.Value)].join(' ');
    return [
      {
        label,
        points: points(data, identity, typeof options?.stat === 'string' ? options.stat : stat, window),
      },
    ];
  });
  const png = renderChart({
    title: typeof widget.title === 'string' ? widget.title : '',
    width: clamp(widget.width, 600, 100, 2000),
    height: clamp(widget.height, 395, 100, 2000),
    start,
    end,
    series,
  });
  return { MetricWidgetImage: Buffer.from(png).toString('base64') };
}

function clamp(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(max, Math.max(min, Math.round(value)))
    : fallback;
}

export const CLOUDWATCH_OPERATIONS: Record<string, Operation> = {
  DescribeAlarms: ({ data, p }) => {
    const state = p.string('StateValue');
    const names = p.list('AlarmNames');
    const prefix = p.string('AlarmNamePrefix');
    return {
      MetricAlarms: data.alarms.filter(
        (a) =>
          (!state || a.StateValue === state) &&
          (names.length === 0 || names.includes(a.AlarmName)) &&
          (!prefix || a.AlarmName.startsWith(prefix)),
      ),
      CompositeAlarms: [],
    };
  },
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  GetMetricWidgetImage: getMetricWidgetImage,
  ListMetrics: ({ data, p }) => {
    const namespace = p.string('Namespace');
    const metricName = p.string('MetricName');
    return {
      Metrics: metricCatalog(data).filter(
        (m) => (!namespace || m.Namespace === namespace) && (!metricName || m.MetricName === metricName),
      ),
    };
  },
};
