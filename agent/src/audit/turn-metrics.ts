/**
 * The agent's metrics for one turn, from its audit record (contracts/metrics.ts): accounts read,
 * refusals by reason, errors by part, fan-out failures by code, the turn's timings; each under the
 * aggregate (`service` alone), its breakdown, and per platform and verb. Written with the turn.
 */
import { type MetricsEmitter, metricValue } from '#common/metrics.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import { METRICS } from '#contracts/metrics.ts';

export interface TurnMeasures {
  readonly firstEventMs: number | undefined;
  readonly turnMs: number;
  readonly fanOutFailures: readonly string[];
}

export function emitTurnMetrics(metrics: MetricsEmitter, record: AuditRecord, measures: TurnMeasures): void {
  const perQuestion = { platform: record.where.platform, verb: record.what.verb };
  metrics.emit(
    [
      metricValue(METRICS.agentTurnTime, measures.turnMs),
      ...(measures.firstEventMs === undefined
        ? []
        : [metricValue(METRICS.agentTimeToFirstEvent, measures.firstEventMs)]),
      ...(record.accounts.length > 0
        ? [metricValue(METRICS.accountsPerQuestion, record.accounts.length)]
        : []),
    ],
    [{}, perQuestion],
  );
  if (record.reason) {
    const { reason } = record;
    metrics.emit([metricValue(METRICS.agentRefusals, 1)], [{}, { reason }, { ...perQuestion, reason }]);
  }
  if (record.failedAt) {
    const part = record.failedAt;
    metrics.emit([metricValue(METRICS.agentErrors, 1)], [{}, { part }, { ...perQuestion, part }]);
  }
  const byCode = new Map<string, number>();
  for (const code of measures.fanOutFailures) byCode.set(code, (byCode.get(code) ?? 0) + 1);
  for (const [code, count] of byCode) {
    metrics.emit([metricValue(METRICS.fanOutFailures, count)], [{}, { code }, { ...perQuestion, code }]);
  }
}
