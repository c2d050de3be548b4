import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from '#registry-seed/src/index.ts';

describe('createProgressPrinter', () => {
  it('redraws one line on a terminal', () => {
    // Prepare
    const written: string[] = [];
    const printer = createProgressPrinter({ stream: { isTTY: true, write: (t: string) => written.push(t) } });

    // Act
    printer.onProgress({ done: 25, total: 50 });
    printer.onProgress({ done: 50, total: 50 });
    printer.finish();

    // Assess
    expect(written).toEqual([
      '\rWriting 25/50 item(s) (50%)\u001b[K',
      '\rWriting 50/50 item(s) (100%)\u001b[K',
      '\n',
    ]);
  });

  it('prints plain lines at most once per interval, and the last one, when not on a terminal', () => {
    // Prepare
    const written: string[] = [];
    const printer = createProgressPrinter({
      stream: { write: (t: string) => written.push(t) },
      intervalMs: 60_000,
    });

    // Act
    for (let done = 25; done <= 100; done += 25) printer.onProgress({ done, total: 100 });
    printer.finish();

    // Assess
    expect(written).toEqual(['Writing 25/100 item(s) (25%)\n', 'Writing 100/100 item(s) (100%)\n']);
  });
});
