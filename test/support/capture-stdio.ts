import { vi } from 'vitest';

/**
 * Runs `act` and returns what it wrote to stdout and stderr meanwhile: the raw text and the JSON
 * records (Powertools logs INFO to stdout, WARN/ERROR to stderr, and EMF metrics to stdout).
 */
export async function captureStdio(
  act: () => Promise<unknown>,
): Promise<{ records: Record<string, unknown>[]; text: string }> {
  const lines: string[] = [];
  const capture = (chunk: unknown): boolean => {
    lines.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const text = lines.join('');
  const records = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { records, text };
}
