import { describe, expect, it } from 'vitest';
import { sseData } from '#bot/src/runtime/sse.ts';

async function dataOf(chunks: string[]): Promise<string[]> {
  async function* stream() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  }
  const all: string[] = [];
  for await (const data of sseData(stream())) all.push(data);
  return all;
}

describe('Function: sseData', () => {
  it('splits messages on blank lines, whatever the chunking and line endings', async () => {
    // Act
    const data = await dataOf([
      'data: {"a"',
      ':1}\r',
      '\n\r\ndata: two\n',
      'data: lines\n\n: comment\n\nevent: x\ndata:3\n\n',
    ]);

    // Assess
    expect(data).toEqual(['{"a":1}', 'two\nlines', '3']);
  });

  it('keeps a multi-byte character split across chunks intact', async () => {
    // Prepare
    const bytes = new TextEncoder().encode('data: é\n\n');
    async function* stream() {
      yield bytes.slice(0, 7);
      yield bytes.slice(7);
    }

    // Act
    const all: string[] = [];
    for await (const data of sseData(stream())) all.push(data);

    // Assess
    expect(all).toEqual(['é']);
  });

  it('yields a last message that ends without a blank line', async () => {
    // Act & Assess
    expect(await dataOf(['data: last'])).toEqual(['last']);
  });
});
