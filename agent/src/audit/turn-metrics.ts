/**
 * The agent's metrics for one turn, from its audit record (contracts/metrics.ts): accounts read,
 * refusals by reason, errors by part, fan-out failures by code, the turn's timings; each under the
 * aggregate (`service` alone), its breakdown, and per platform and verb. Written with the turn.
 */
import type { MetricsEmitter } from '#common/metrics.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import { METRICS } from '#contracts/metrics.ts';

export interface TurnMeasures {
  readonly firstEventMs: number | undefined;
  readonly turnMs: number;
  readonly fanOutFailures: readonly string[];
}

export function emitTurnMetrics(metrics: MetricsEmitter, record: AuditRecord, measures: TurnMeasures): void {
  const perQuestion = { platform: record.where.platform, verb: record.what.verb };
  const value = (metric: { name: string; unit: 'Count' | 'Milliseconds' }, amount: number) => ({
    name: metric.name,
    unit: metric.unit,
    value: amount,
  });
  metrics.emit(
    [
      value(METRICS.agentTurnTime, measures.turnMs),
      ...(measures.firstEventMs === undefined
        ? []
        : [value(METRICS.agentTimeToFirstEvent, measures.firstEventMs)]),
      ...(record.accounts.length > 0 ? [value(METRICS.accountsPerQuestion, record.accounts.length)] : []),
    ],
    [{}, perQuestion],
  );
  if (record.reason) {
    const { reason } = record;
    metrics.emit([value(METRICS.agentRefusals, 1)], [{}, { reason }, { ...perQuestion, reason }]);
  }
  if (record.failedAt) {
    const part = record.failedAt;
    metrics.emit([value(METRICS.agentErrors, 1)], [{}, { part }, { ...perQuestion, part }]);
  }
  const byCode = new Map<string, number>();
  for (const code of measures.fanOutFailures) byCode.set(code, (byCode.get(code) ?? 0) + 1);
  for (const [code, count] of byCode) {
    metrics.emit([value(METRICS.fanOutFailures, count)], [{}, { code }, { ...perQuestion, code }]);
  }
}
