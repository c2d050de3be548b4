/** Retries with "full jitter" exponential backoff, for throttling and server errors only. */

export interface RetryOptions {
  /** Attempts in all, the first included. @default 3 */
  readonly maxAttempts?: number;
  /** @default 100 */
  readonly baseDelayMs?: number;
  /** @default 2_000 */
  readonly maxDelayMs?: number;
  /** Which errors are worth another attempt. */
  readonly isRetryable: (error: unknown) => boolean;
  /** Stops waiting and retrying once aborted. @default undefined */
  readonly signal?: AbortSignal;
  /** @default Math.random */
  readonly random?: () => number;
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !options.isRetryable(error) || options.signal?.aborted) throw error;
      // Full jitter spreads retries of a fan-out that was throttled all at once.
      const delay = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay, options.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
