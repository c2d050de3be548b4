/**
 * Where the local stack's audit records and metrics go: the audit table on dynalite (as in AWS,
 * `/ops audit` reads it), each record's log line and every EMF document as JSON lines in files of
 * a directory when one is given (what CloudWatch Logs would hold), and the latest records in
 * memory for the chat page's audit panel.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditLog } from '#access/audit-log.ts';
import { DynamoAuditStore } from '#access/audit-store.ts';
import { createBotMetrics } from '#bot/src/core/bot-metrics.ts';
import { MetricsEmitter } from '#common/metrics.ts';
import { AUDIT_DEFAULTS, type AuditRecord } from '#contracts/audit.ts';
import { METRIC_SERVICES, METRICS_NAMESPACE } from '#contracts/metrics.ts';
import { tableName } from '#contracts/tables.ts';

/** Records the chat page shows. */
const RECENT = 20;

export interface LocalObservability {
  readonly auditStore: DynamoAuditStore;
  readonly auditLog: AuditLog;
  readonly agentMetrics: MetricsEmitter;
  readonly botMetrics: MetricsEmitter;
  /** The latest records, newest first. */
  recent(): readonly AuditRecord[];
  /** Every EMF line written, in order. */
  readonly emf: readonly string[];
  /** Where each goes, for `npm start` to print. */
  readonly destinations: { readonly audit: string; readonly metrics: string };
}

export function localObservability(options: {
  readonly documentClient: DynamoDBDocumentClient;
  /** Directory of `audit.jsonl` and `metrics.emf.jsonl`. @default none: memory only */
  readonly dir?: string;
}): LocalObservability {
  const files = options.dir
    ? { audit: path.join(options.dir, 'audit.jsonl'), metrics: path.join(options.dir, 'metrics.emf.jsonl') }
    : undefined;
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const append = (file: string | undefined, line: () => string) => {
    if (file) appendFileSync(file, `${line()}\n`);
  };
  const recent: AuditRecord[] = [];
  const emf: string[] = [];
  const line = (level: string, message: string, extra: Readonly<Record<string, unknown>>) =>
    JSON.stringify({
      level,
      message,
      timestamp: new Date().toISOString(),
      service: 'centralops-local',
      ...extra,
    });
  const auditStore = new DynamoAuditStore({ client: options.documentClient });
  const auditLog = new AuditLog({
    store: auditStore,
    // As the agent stores its records: once the answer is out.
    storeAfterMs: AUDIT_DEFAULTS.storeAfterMs,
    logger: {
      info(message, extra) {
        if (message === 'audit') {
          recent.unshift(extra.audit as AuditRecord);
          recent.length = Math.min(recent.length, RECENT);
        }
        append(files?.audit, () => line('INFO', message, extra));
      },
      error: (message, extra) => append(files?.audit, () => line('ERROR', message, extra)),
    },
  });
  const output = (document: string) => {
    emf.push(document);
    append(files?.metrics, () => document);
  };
  return {
    auditStore,
    auditLog,
    agentMetrics: new MetricsEmitter({
      namespace: METRICS_NAMESPACE,
      service: METRIC_SERVICES.agent,
      output,
    }),
    botMetrics: createBotMetrics({ output }),
    recent: () => [...recent],
    emf,
    destinations: {
      audit: `dynalite table ${tableName('audit')}${files ? `, log lines in ${files.audit}` : ''}`,
      metrics: files ? `EMF lines in ${files.metrics}` : 'EMF lines kept in memory',
    },
  };
}
