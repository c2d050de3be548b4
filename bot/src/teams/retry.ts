/**
 * Retries a connector call the way Teams asks: 429 (throttled, honour Retry-After), 412
 * (precondition failed on concurrent edits), 502/504 (gateway). botbuilder's pipeline already
 * retries 429/5xx a few times; this covers 412 and whatever outlasts those retries.
 */
import { countChatApiRetry } from '../core/chat-api-retries.ts';

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

export interface RetryOptions {
  /** Total tries, the first included. @default 4 */
  readonly attempts?: number;
  /** First back-off; doubles each time, with jitter. @default 500 */
  readonly baseDelayMs?: number;
  /** Cap of one wait, Retry-After included. @default 10_000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= attempts || status === undefined || !RETRYABLE_STATUSES.has(status)) throw error;
      countChatApiRetry('teams');
      const backoff = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await sleep(Math.min(maxDelayMs, retryAfterMs(error) ?? backoff));
    }
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })
    ?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
