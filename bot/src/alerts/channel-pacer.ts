/**
 * Keeps posts to one channel at least `intervalMs` apart (Slack allows about one message per second
 * per channel), channels independent. Hand-written: interval queues such as p-queue count fixed
 * windows, which let two posts through a millisecond apart at a window's edge.
 */
export interface ChannelPacerOptions {
  /** @default 1_000 */
  readonly intervalMs?: number;
  /** A monotonic clock: the wall clock's whole milliseconds let a post through just short of the interval. @default performance.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export class ChannelPacer {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Per channel: when its last post was made, and the turn the next caller waits for. */
  readonly #channels = new Map<string, { last: number; turn: Promise<void> }>();

  constructor(options: ChannelPacerOptions = {}) {
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `post` when the channel's interval allows, one post at a time per channel. */
  async paced<T>(channel: string, post: () => Promise<T>): Promise<T> {
    const entry = this.#channels.get(channel) ?? { last: Number.NEGATIVE_INFINITY, turn: Promise.resolve() };
    this.#channels.set(channel, entry);
    let release: () => void = () => undefined;
    const previous = entry.turn;
    entry.turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      // Timers run on the event loop's cached millisecond clock and may wake a fraction early: check again.
      for (
        let wait = entry.last + this.#intervalMs - this.#now();
        wait > 0;
        wait = entry.last + this.#intervalMs - this.#now()
      ) {
        await this.#sleep(Math.ceil(wait));
      }
      return await post();
    } finally {
      // Counted from when the post returned: arrivals at the platform are spaced too.
      entry.last = this.#now();
      release();
    }
  }
}
