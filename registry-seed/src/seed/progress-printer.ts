import type { SeedProgress } from './types.ts';

/** Progress of any long step: `Writing 25/100 item(s)` unless `label` and `noun` say otherwise. */
export interface ProgressLine extends SeedProgress {
  /** @default 'Writing' */
  readonly label?: string;
  /** @default 'item(s)' */
  readonly noun?: string;
}

/** What the printers need of a stream: process.stdout / stderr, or a test double. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressPrinterOptions {
  readonly stream: OutputStream;
  /** Without a TTY, at most one line per this many ms. @default 2_000 */
  readonly intervalMs?: number;
}

/**
 * A seed's progress for people: one redrawn line on a terminal, periodic plain lines otherwise
 * (CI logs must not fill with carriage returns).
 */
export function createProgressPrinter(options: ProgressPrinterOptions): {
  onProgress(progress: ProgressLine): void;
  finish(): void;
} {
  const { stream } = options;
  const intervalMs = options.intervalMs ?? 2_000;
  let lastLineAt = 0;
  let drawn = false;
  const text = ({ done, total, label = 'Writing', noun = 'item(s)' }: ProgressLine) =>
    `${label} ${done}/${total} ${noun} (${total ? Math.floor((done / total) * 100) : 100}%)`;
  return {
    onProgress(progress) {
      if (stream.isTTY) {
        stream.write(`\r${text(progress)}\u001b[K`);
        drawn = true;
        return;
      }
      const now = Date.now();
      if (now - lastLineAt >= intervalMs || progress.done === progress.total) {
        lastLineAt = now;
        stream.write(`${text(progress)}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
