/** Injected latency and faults per account, and the waits they cause (released on stop). */

export const FAULTS = ['throttle', 'server_error', 'timeout', 'access_denied'] as const;

export type FaultKind = (typeof FAULTS)[number];

/** The error codes STS throttles AssumeRole with (the SDK retries both as throttling). */
export const STS_FAULTS = ['Throttling', 'RequestLimitExceeded'] as const;

export type StsFaultCode = (typeof STS_FAULTS)[number];

interface PendingFault<Kind> {
  readonly fault: Kind;
  remaining: number;
}

/** Faults queued per account, each for its next `times` calls, in injection order. */
class FaultQueues<Kind extends string> {
  readonly #kinds: readonly Kind[];
  readonly #queues = new Map<string, PendingFault<Kind>[]>();

  constructor(kinds: readonly Kind[]) {
    this.#kinds = kinds;
  }

  inject(accountId: string, fault: Kind, times: number): void {
    if (!this.#kinds.includes(fault)) throw new RangeError(`unknown fault '${fault}'`);
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a positive integer, got ${times}`);
    const queue = this.#queues.get(accountId) ?? [];
    queue.push({ fault, remaining: times });
    this.#queues.set(accountId, queue);
  }

  take(accountId: string): Kind | undefined {
    const queue = this.#queues.get(accountId);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining === 0) queue.shift();
    return next.fault;
  }

  clear(): void {
    this.#queues.clear();
  }
}

/**
 * A token bucket of AssumeRole calls per second, as STS limits a caller's request rate: up to a
 * second's worth (at least one call) in a burst, then `perSecond`; a call finding it empty is throttled.
 */
class RateLimit {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  constructor(perSecond: number, now: number) {
    this.#perSecond = perSecond;
    this.#burst = Math.max(1, perSecond);
    this.#tokens = this.#burst;
    this.#at = now;
  }

  admit(now: number): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export class FaultPlan {
  #defaultLatencyMs = 0;
  #handshakeLatencyMs = 0;
  readonly #latencyMs = new Map<string, number>();
  readonly #faults = new FaultQueues<FaultKind>(FAULTS);
  readonly #stsFaults = new FaultQueues<StsFaultCode>(STS_FAULTS);
  #stsRate: RateLimit | undefined;
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

  /** A round trip's time for what a session starts with: AssumeRole, and the MCP initialize. */
  setHandshakeLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`latency must be a non-negative number of ms, got ${ms}`);
    this.#handshakeLatencyMs = ms;
  }

  get handshakeLatencyMs(): number {
    return this.#handshakeLatencyMs;
  }

  inject(accountId: string, fault: FaultKind, times = 1): void {
    this.#faults.inject(accountId, fault, times);
  }

  /** The fault the account's next call suffers, consumed; undefined when none is pending. */
  take(accountId: string): FaultKind | undefined {
    return this.#faults.take(accountId);
  }

  /** The next `times` AssumeRole calls into the account answer this throttling error. */
  injectSts(accountId: string, code: StsFaultCode, times = 1): void {
    this.#stsFaults.inject(accountId, code, times);
  }

  /** At most `perSecond` AssumeRole calls a second (a burst of one second's worth); undefined lifts it. */
  setStsRateLimit(perSecond: number | undefined, now = performance.now()): void {
    if (perSecond !== undefined && !(Number.isFinite(perSecond) && perSecond > 0))
      throw new RangeError(`the STS rate must be a positive number of calls a second, got ${perSecond}`);
    this.#stsRate = perSecond === undefined ? undefined : new RateLimit(perSecond, now);
  }

  /** The throttling error an AssumeRole into the account gets now (consumed), or undefined. */
  takeSts(accountId: string, now = performance.now()): StsFaultCode | undefined {
    const injected = this.#stsFaults.take(accountId);
    if (injected) return injected;
    return this.#stsRate && !this.#stsRate.admit(now) ? 'Throttling' : undefined;
  }

  clear(): void {
    this.#defaultLatencyMs = 0;
    this.#handshakeLatencyMs = 0;
    this.#latencyMs.clear();
    this.#faults.clear();
    this.#stsFaults.clear();
    this.#stsRate = undefined;
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
