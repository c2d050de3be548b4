/**
 * Keeps a reply to at most one visible update per interval (Teams throttles faster streams and
 * edits): pokes coalesce, flushes never overlap, and `settle()` waits out the interval so the
 * final message keeps the same pace.
 */
export interface PacerOptions {
  /** @default 1_000 */
  readonly intervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class Pacer {
  readonly #flush: () => Promise<void>;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #last = Number.NEGATIVE_INFINITY;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #inflight: Promise<void> | undefined;

  /** @param flush must not throw (it logs its own failures). */
  constructor(flush: () => Promise<void>, options: PacerOptions = {}) {
    this.#flush = flush;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Something changed: flush now if the interval allows, else once it does. */
  poke(): void {
    this.#dirty = true;
    if (this.#timer || this.#inflight) return;
    const wait = Math.max(0, this.#last + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => this.#run(), wait);
  }

  /** Cancels pending flushes, waits for the one in flight and for the interval to pass. */
  async settle(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = false;
    await this.#inflight;
    const wait = this.#last + this.#intervalMs - this.#now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  #run(): void {
    this.#timer = undefined;
    if (!this.#dirty) return;
    this.#dirty = false;
    // The interval counts from when Teams answered, so arrivals are spaced too, whatever the latency.
    this.#inflight = this.#flush().finally(() => {
      this.#last = this.#now();
      this.#inflight = undefined;
      if (this.#dirty) this.poke();
    });
  }
}
