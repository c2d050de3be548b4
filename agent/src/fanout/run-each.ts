/**
 * A bounded runner: `run` over the items, at most `inFlight` at once, each outcome yielded as it
 * lands. The sharded fan-outs run their query_accounts calls with it, the per-account flows their
 * flows, so every fan-out holds the same bounded number of bridge invocations.
 */

/**
 * The next item starts before an outcome is handed on, so the slots stay full while the reader
 * works; an outcome is held only until it is read, so memory stays at the items in flight, and a
 * reader that stops reading stops the starting. `run` must not reject: a failure is an outcome too.
 */
export async function* runEach<I, T>(
  items: readonly I[],
  inFlight: number,
  run: (item: I) => Promise<T>,
): AsyncGenerator<T> {
  const running = new Map<number, Promise<{ index: number; outcome: T }>>();
  let next = 0;
  const start = (): void => {
    const index = next++;
    running.set(
      index,
      run(items[index]!).then((outcome) => ({ index, outcome })),
    );
  };
  while (next < items.length && running.size < Math.max(1, inFlight)) start();
  while (running.size > 0) {
    const { index, outcome } = await Promise.race(running.values());
    running.delete(index);
    if (next < items.length) start();
    yield outcome;
  }
}
