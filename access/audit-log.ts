/**
 * Writes audit records: at once as one structured log line (`audit`), then to the audit store, off
 * the answer's path: the asker never waits for the audit, and a store that fails loses no record
 * (the log line has it) and no answer. `idle()` waits for the writes started so far.
 */
import { messageOf } from '#common/errors.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import type { AuditStore } from './audit-store.ts';

/** The structured logger the record's line goes to (a Powertools Logger fits). */
export interface AuditLogger {
  info(message: string, extra: Readonly<Record<string, unknown>>): void;
  error(message: string, extra: Readonly<Record<string, unknown>>): void;
}

export interface AuditLogOptions {
  /** Where records are kept; undefined: log lines only. */
  readonly store: AuditStore | undefined;
  readonly logger: AuditLogger;
}

export class AuditLog {
  readonly #options: AuditLogOptions;
  readonly #writing = new Set<Promise<void>>();

  constructor(options: AuditLogOptions) {
    this.#options = options;
  }

  /** `ifAbsent`: the bot's record of a question the agent may have recorded already. */
  record(record: AuditRecord, options: { readonly ifAbsent?: boolean } = {}): void {
    const { store, logger } = this.#options;
    // The trace id under the key every Powertools log line of the question carries.
    logger.info('audit', { xray_trace_id: record.traceId, audit: record });
    if (!store) return;
    const writing = store
      .put(record, options)
      .catch((error: unknown) => {
        logger.error('audit record not stored', {
          xray_trace_id: record.traceId,
          questionId: record.questionId,
          reason: messageOf(error),
        });
      })
      .finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }

  async idle(): Promise<void> {
    while (this.#writing.size > 0) await Promise.allSettled([...this.#writing]);
  }
}
