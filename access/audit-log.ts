/**
 * Writes audit records: at once as one structured log line (`audit`), then to the audit store, off
 * the answer's path: the asker never waits for the audit, and a store that fails loses no record
 * (the log line has it) and no answer. A long-lived process (the agent) stores them `storeAfterMs`
 * later, once the answer's last bytes are out; `idle()` stores what waits and waits for it all.
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
  /** Delay before a record is stored (its log line is written at once). @default 0 */
  readonly storeAfterMs?: number;
}

interface PendingRecord {
  readonly record: AuditRecord;
  readonly options: { readonly ifAbsent?: boolean };
}

export class AuditLog {
  readonly #options: AuditLogOptions;
  readonly #writing = new Set<Promise<void>>();
  readonly #waiting: PendingRecord[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AuditLogOptions) {
    this.#options = options;
  }

  /** `ifAbsent`: the bot's record of a question the agent may have recorded already. */
  record(record: AuditRecord, options: { readonly ifAbsent?: boolean } = {}): void {
    const { store, logger } = this.#options;
    // The trace id under the key every Powertools log line of the question carries.
    logger.info('audit', { xray_trace_id: record.traceId, audit: record });
    if (!store) return;
    this.#waiting.push({ record, options });
    const delay = this.#options.storeAfterMs ?? 0;
    if (delay <= 0) this.#storeWaiting();
    else
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#storeWaiting();
      }, delay);
  }

  async idle(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#storeWaiting();
    while (this.#writing.size > 0) await Promise.allSettled([...this.#writing]);
  }

  #storeWaiting(): void {
    for (const { record, options } of this.#waiting.splice(0)) this.#store(record, options);
  }

  #store(record: AuditRecord, options: { readonly ifAbsent?: boolean }): void {
    const { store, logger } = this.#options;
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
}
