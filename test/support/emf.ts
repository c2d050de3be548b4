/**
 * The CloudWatch Embedded Metric Format specification's MUSTs, as a checker for the EMF lines the
 * tests capture: a JSON object with `_aws` holding a numeric `Timestamp` and a `CloudWatchMetrics`
 * array of directives; each directive a non-empty `Namespace`, `Dimensions` (arrays of at most 30
 * dimension keys) and `Metrics` (at most 100 definitions, a `Name`, a valid `Unit` and a
 * `StorageResolution` of 1 or 60 when given); every dimension key a string member of the root and
 * every metric a number (or an array of at most 100 numbers) member of the root.
 */

const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string | undefined;
  readonly dimensionSets: readonly (readonly string[])[];
  readonly value: number | readonly number[];
  readonly root: Readonly<Record<string, unknown>>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problems of one log line as an EMF document; none for a valid one. */
export function emfProblems(line: string): string[] {
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  if (!isObject(root)) return ['the root is not a JSON object'];
  const problems: string[] = [];
  const aws = root._aws;
  if (!isObject(aws)) return ['no _aws metadata object'];
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp) || aws.Timestamp <= 0)
    problems.push('_aws.Timestamp is not a positive whole number of milliseconds');
  if (!Array.isArray(aws.CloudWatchMetrics)) return [...problems, '_aws.CloudWatchMetrics is not an array'];
  for (const [index, directive] of aws.CloudWatchMetrics.entries()) {
    const at = `CloudWatchMetrics[${index}]`;
    if (!isObject(directive)) {
      problems.push(`${at} is not an object`);
      continue;
    }
    if (
      typeof directive.Namespace !== 'string' ||
      directive.Namespace.length === 0 ||
      directive.Namespace.length > 255
    )
      problems.push(`${at}.Namespace is not a 1-255 character string`);
    if (!Array.isArray(directive.Dimensions)) problems.push(`${at}.Dimensions is not an array`);
    for (const set of Array.isArray(directive.Dimensions) ? directive.Dimensions : []) {
      if (!Array.isArray(set) || set.length > 30) {
        problems.push(`${at}.Dimensions has a set that is not an array of at most 30 keys`);
        continue;
      }
      for (const key of set) {
        if (typeof key !== 'string' || key.length === 0)
          problems.push(`${at} has a dimension key that is not a string`);
        else if (typeof root[key] !== 'string' || (root[key] as string).trim() === '')
          problems.push(`dimension ${key} has no non-blank string value at the root`);
      }
    }
    if (!Array.isArray(directive.Metrics) || directive.Metrics.length === 0 || directive.Metrics.length > 100)
      problems.push(`${at}.Metrics is not an array of 1-100 definitions`);
    for (const metric of Array.isArray(directive.Metrics) ? directive.Metrics : []) {
      if (
        !isObject(metric) ||
        typeof metric.Name !== 'string' ||
        metric.Name.length === 0 ||
        metric.Name.length > 1024
      ) {
        problems.push(`${at} has a metric without a 1-1024 character Name`);
        continue;
      }
      if (metric.Unit !== undefined && !UNITS.has(String(metric.Unit)))
        problems.push(`metric ${metric.Name} has the unknown unit ${String(metric.Unit)}`);
      if (metric.StorageResolution !== undefined && ![1, 60].includes(Number(metric.StorageResolution)))
        problems.push(`metric ${metric.Name} has a StorageResolution other than 1 or 60`);
      const value = root[metric.Name];
      const values = Array.isArray(value) ? value : [value];
      if (
        values.length === 0 ||
        values.length > 100 ||
        !values.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        problems.push(`metric ${metric.Name} has no number (or array of at most 100 numbers) at the root`);
    }
  }
  return problems;
}

/** Every metric of valid EMF lines, flattened; throws naming the first invalid line. */
export function emfMetrics(lines: readonly string[]): EmfMetric[] {
  return lines.flatMap((line) => {
    const problems = emfProblems(line);
    if (problems.length > 0) throw new Error(`not valid EMF (${problems.join('; ')}): ${line}`);
    const root = JSON.parse(line) as {
      _aws: {
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit?: string }[];
        }[];
      };
    } & Record<string, unknown>;
    return root._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        unit: metric.Unit,
        dimensionSets: directive.Dimensions,
        value: root[metric.Name] as number,
        root,
      })),
    );
  });
}
