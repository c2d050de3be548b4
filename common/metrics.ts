/**
 * Metrics as CloudWatch Embedded Metric Format lines, built by Powertools Metrics (names, units,
 * dimension sets, the EMF document). Each `emit` writes its document at once, so a long-lived
 * process (the agent on AgentCore Runtime) flushes every request's metrics with the request, and
 * concurrent requests never share a buffer. Lambda and AgentCore Runtime both ship stdout to
 * CloudWatch Logs, where the EMF documents become metrics.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';

export interface MetricValue {
  readonly name: string;
  readonly unit: 'Count' | 'Milliseconds';
  readonly value: number;
}

/** `value` of `metric` (a contracts/metrics.ts definition: its name and unit). */
export function metricValue(metric: Omit<MetricValue, 'value'>, value: number): MetricValue {
  return { name: metric.name, unit: metric.unit, value };
}

/** Where EMF documents go, one JSON line each. @default stdout */
export type EmfOutput = (line: string) => void;

export interface MetricsEmitterOptions {
  readonly namespace: string;
  /** The `service` dimension of every metric. */
  readonly service: string;
  /** @default one line on stdout */
  readonly output?: EmfOutput;
  /** Off: nothing is written (local runs that ask for it, the benches' comparison). @default true */
  readonly enabled?: boolean;
}

const STDOUT: EmfOutput = (line) => {
  process.stdout.write(`${line}\n`);
};

export class MetricsEmitter {
  readonly #options: MetricsEmitterOptions;
  readonly #output: EmfOutput;
  /** Filled, written and emptied within one synchronous emit: no two emits ever share it. */
  readonly #document: Metrics;

  constructor(options: MetricsEmitterOptions) {
    this.#options = options;
    this.#output = options.output ?? STDOUT;
    this.#document = new Metrics({
      namespace: options.namespace,
      serviceName: options.service,
      // The emitter's output is the only one: Powertools' own console writes nothing.
      logger: SILENT_LOGGER,
    });
  }

  /**
   * One EMF document: `metrics` under each of `dimensionSets` (`service` is added to every set; an
   * empty set is `service` alone). Values must be finite; others are dropped.
   */
  emit(metrics: readonly MetricValue[], dimensionSets: readonly Readonly<Record<string, string>>[]): void {
    if (this.#options.enabled === false) return;
    const kept = metrics.filter((metric) => Number.isFinite(metric.value));
    if (kept.length === 0) return;
    const document = this.#document;
    for (const set of dimensionSets) {
      const values = Object.fromEntries(Object.entries(set).filter(([, value]) => value !== ''));
      if (Object.keys(values).length > 0) document.addDimensions(values);
    }
    for (const metric of kept) document.addMetric(metric.name, metric.unit, metric.value);
    const emf = document.serializeMetrics();
    document.clearMetrics();
    document.clearDimensions();
    // Powertools publishes `service` alone only when no other set is added; the aggregate the
    // alarms read is asked for with an empty set.
    const [directive] = emf._aws.CloudWatchMetrics;
    if (directive && dimensionSets.some((set) => Object.keys(set).length === 0)) {
      const sets = directive.Dimensions as unknown as string[][];
      if (!sets.some((set) => set.length === 1)) sets.unshift(['service']);
    }
    this.#output(JSON.stringify(emf));
  }
}

/** Powertools warns through this logger (empty metrics and the like): never to the EMF output. */
const SILENT_LOGGER = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
