/**
 * What a deployed worker records of each question: its metrics (EMF on stdout) and the audit
 * records of the questions the agent does not record (AUDIT_TABLE). A Lambda sandbox is frozen
 * once the handler returns, so the worker waits for its audit writes (`idle`) before it does.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditLog } from '#access/audit-log.ts';
import { DynamoAuditStore } from '#access/audit-store.ts';
import { createBotMetrics } from './bot-metrics.ts';
import type { QuestionObservers } from './question-record.ts';

export function workerObservers(
  documentClient: DynamoDBDocumentClient,
  logger: Logger,
): QuestionObservers & { readonly audit: AuditLog } {
  return {
    audit: new AuditLog({ store: new DynamoAuditStore({ client: documentClient }), logger }),
    metrics: createBotMetrics(),
  };
}
