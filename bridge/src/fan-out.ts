/**
 * Runs one task per item with bounded concurrency and a per-item time budget. Results keep the
 * items' order, and one item's failure or timeout never affects the others.
 */
import pLimit from 'p-limit';
import { BridgeTimeoutError } from './errors.ts';

export interface FanOutOptions {
  /** Tasks in flight at once. */
  readonly concurrency: number;
  /** Budget of one task, from its start; its signal aborts when it runs out. */
  readonly timeoutMs: number;
  /**
   * Epoch ms by which every task must be settled (the Lambda's remaining time), so the answer
   * still goes out with the late accounts marked as timed out. @default undefined (no deadline)
   */
  readonly deadline?: number;
}

export type Settled<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly error: unknown };

export async function fanOut<T, R>(
  items: readonly T[],
  task: (item: T, signal: AbortSignal, index: number) => Promise<R>,
  options: FanOutOptions,
): Promise<Settled<R>[]> {
  const limit = pLimit(options.concurrency);
  return Promise.all(
    items.map((item, index) =>
      limit(() => {
        const left = options.deadline === undefined ? options.timeoutMs : options.deadline - Date.now();
        return settleWithin(
          (signal) => task(item, signal, index),
          Math.max(0, Math.min(options.timeoutMs, left)),
        );
      }),
    ),
  );
}

async function settleWithin<R>(
  task: (signal: AbortSignal) => Promise<R>,
  timeoutMs: number,
): Promise<Settled<R>> {
  if (timeoutMs <= 0) return { ok: false, error: new BridgeTimeoutError('no time left before the deadline') };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BridgeTimeoutError(`no answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([task(controller.signal), timeout]) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
