/** Lambda: functions, and errors per function over a window (CloudWatch). */
import {
  arr,
  capLines,
  HOUR,
  matchesName,
  plural,
  records,
  str,
  summarizeItems,
  windowOf,
} from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const lambda: ServiceSpec = {
  service: 'lambda',
  aliases: ['lambdas', 'functions', 'awslambda'],
  title: 'Lambda',
  resources: [
    {
      resource: 'functions',
      aliases: ['function', 'lambdas', 'fns'],
      description: 'Lambda functions with runtime',
      shape: {
        items: 'Functions[]',
        fields: ['FunctionName', 'Runtime'],
        nameFields: ['FunctionName'],
        noun: 'function',
      },
      call: () => ({ service: 'lambda', operation: 'ListFunctions', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'Functions').map((fn) => ({
            name: str(fn.FunctionName),
            runtime: str(fn.Runtime, 'container'),
          })),
          f,
          { name: (fn) => fn.name, line: (fn) => `${fn.name} ${fn.runtime}`, noun: 'function' },
        ),
    },
    {
      resource: 'errors',
      aliases: ['error', 'errored', 'failures', 'failing', 'failed'],
      description: 'Lambda errors per function over a window (CloudWatch, default 1h)',
      windowed: true,
      defaultWindow: { label: '1h', ms: HOUR },
      call(f, now) {
        const window = windowOf(f, { label: '1h', ms: HOUR });
        const period = Math.max(60, Math.round(window.ms / 1000 / 60) * 60);
        return {
          service: 'cloudwatch',
          operation: 'GetMetricData',
          params: {
            MetricDataQueries: [
              {
                Id: 'errors',
                Expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors"', 'Sum', ${period})`,
                ReturnData: true,
              },
            ],
            StartTime: new Date(now.getTime() - window.ms).toISOString(),
            EndTime: now.toISOString(),
          },
        };
      },
      summarize(response, f) {
        const label = f.window?.label ?? '1h';
        const series = records(response, 'MetricDataResults')
          .map((s) => ({
            name: str(s.Label),
            errors: arr(s.Values).reduce<number>((sum, v) => sum + (Number(v) || 0), 0),
          }))
          .filter((s) => s.errors > 0 && matchesName(s.name, f))
          .sort((a, b) => b.errors - a.errors);
        const total = series.reduce((sum, s) => sum + s.errors, 0);
        return {
          summary:
            series.length === 0
              ? `no errors in ${label}`
              : `${plural(total, 'error')} in ${label} across ${plural(series.length, 'function')}`,
          lines: capLines(series.map((s) => `${s.name}: ${s.errors}`)),
        };
      },
    },
  ],
};
