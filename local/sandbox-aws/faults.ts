/** Injected latency and faults per account, and the waits they cause (released on stop). */

export const FAULTS = ['throttle', 'server_error', 'timeout', 'access_denied'] as const;

export type FaultKind = (typeof FAULTS)[number];

interface PendingFault {
  readonly fault: FaultKind;
  remaining: number;
}

export class FaultPlan {
  #defaultLatencyMs = 0;
  readonly #latencyMs = new Map<string, number>();
  readonly #faults = new Map<string, PendingFault[]>();
  readonly #waits = new Set<() => void>();
  readonly #holdWaiters = new Set<{ count: number; resolve: () => void }>();

  setLatency(ms: number, accountId?: string): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`latency must be a non-negative number of ms, got ${ms}`);
    if (accountId === undefined) this.#defaultLatencyMs = ms;
    else this.#latencyMs.set(accountId, ms);
  }

  latencyFor(accountId: string): number {
    return this.#latencyMs.get(accountId) ?? this.#defaultLatencyMs;
  }

  inject(accountId: string, fault: FaultKind, times = 1): void {
    if (!FAULTS.includes(fault)) throw new RangeError(`unknown fault '${fault}'`);
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a positive integer, got ${times}`);
    const queue = this.#faults.get(accountId) ?? [];
    queue.push({ fault, remaining: times });
    this.#faults.set(accountId, queue);
  }

  /** The fault the account's next call suffers, consumed; undefined when none is pending. */
  take(accountId: string): FaultKind | undefined {
    const queue = this.#faults.get(accountId);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining === 0) queue.shift();
    return next.fault;
  }

  clear(): void {
    this.#defaultLatencyMs = 0;
    this.#latencyMs.clear();
    this.#faults.clear();
  }

  /**
   * Waits `ms`, or less when the client aborts or the sandbox stops.
   * @returns 'elapsed' after the full wait, 'aborted' or 'released' otherwise
   */
  wait(ms: number, signal: AbortSignal): Promise<'elapsed' | 'aborted' | 'released'> {
    if (ms <= 0) return Promise.resolve('elapsed');
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const finish = (outcome: 'elapsed' | 'aborted' | 'released'): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waits.delete(release);
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const release = (): void => finish('released');
      const timer = setTimeout(() => finish('elapsed'), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waits.add(release);
      for (const waiter of [...this.#holdWaiters]) {
        if (this.#waits.size >= waiter.count) {
          this.#holdWaiters.delete(waiter);
          waiter.resolve();
        }
      }
    });
  }

  /** Resolves once `count` responses are being held (latency or a timeout fault) at the same time. */
  holding(count: number): Promise<void> {
    if (this.#waits.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.#holdWaiters.add({ count, resolve }));
  }

  releaseAll(): void {
    for (const release of [...this.#waits]) release();
  }
}
