import { describe, expect, it } from 'vitest';
import { BridgeTimeoutError } from '#bridge/src/errors.ts';
import { fanOut } from '#bridge/src/fan-out.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The budget a timeout error names: 0 when the deadline had already passed. */
function budgetOf(error: Error): number {
  if (error.message === 'no time left before the deadline') return 0;
  const ms = /^no answer within (\d+) ms$/.exec(error.message)?.[1];
  if (ms === undefined) throw new Error(`not a timeout message: ${error.message}`);
  return Number(ms);
}

describe('fanOut', () => {
  it('keeps the items order whatever order tasks finish in', async () => {
    // Act
    const settled = await fanOut(
      [30, 10, 20],
      async (ms) => {
        await sleep(ms);
        return ms;
      },
      { concurrency: 3, timeoutMs: 1000 },
    );
    // Assess
    expect(settled).toEqual([
      { ok: true, value: 30 },
      { ok: true, value: 10 },
      { ok: true, value: 20 },
    ]);
  });

  it('never runs more tasks at once than the concurrency', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    // Act
    await fanOut(
      Array.from({ length: 40 }, (_, i) => i),
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(2);
        running--;
      },
      { concurrency: 4, timeoutMs: 1000 },
    );
    // Assess
    expect(peak).toBe(4);
  });

  it('isolates a failure and a timeout from the other items', async () => {
    // Act
    const settled = await fanOut(
      ['ok', 'fail', 'hang'],
      async (item, signal) => {
        if (item === 'fail') throw new Error('boom');
        if (item === 'hang') await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return item;
      },
      { concurrency: 3, timeoutMs: 50 },
    );
    // Assess
    expect(settled[0]).toEqual({ ok: true, value: 'ok' });
    expect(settled[1]).toMatchObject({ ok: false, error: new Error('boom') });
    expect(settled[2]).toMatchObject({ ok: false });
    expect((settled[2] as { error: unknown }).error).toBeInstanceOf(BridgeTimeoutError);
  });

  it('settles every item by the deadline, marking the late ones as timed out', async () => {
    // Prepare
    const deadline = Date.now() + 60;
    // Act
    const settled = await fanOut(
      [1, 2, 3, 4],
      async (_item, signal) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      },
      { concurrency: 2, timeoutMs: 10_000, deadline },
    );
    // Assess: each item's budget came from the deadline (≤ 60 ms), never the 10 s per-item timeout,
    // whatever the machine's load: the error says which budget cut it.
    for (const outcome of settled) {
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(BridgeTimeoutError);
      expect(budgetOf(error as Error)).toBeLessThanOrEqual(60);
    }
  });
});
