import { describe, expect, it } from 'vitest';
import { takeChatApiRetries } from '#bot/src/core/chat-api-retries.ts';
import { withRetry } from '#bot/src/teams/retry.ts';

/** A Bot Connector error as botframework-connector throws it: the HTTP status on `statusCode`. */
function connectorError(statusCode: number): Error {
  return Object.assign(new Error(`connector answered ${statusCode}`), { statusCode });
}

describe('Teams connector calls: retried as Teams asks, and counted for the ChatApiRetries metric', () => {
  it('retries 412 and 429 and counts each retry for the question', async () => {
    // Prepare
    const answers = [connectorError(412), connectorError(429)];
    const waits: number[] = [];
    takeChatApiRetries('teams');
    // Act
    const result = await withRetry(
      async () => {
        const error = answers.shift();
        if (error) throw error;
        return 'sent';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    // Assess
    expect(result).toBe('sent');
    expect(waits).toHaveLength(2);
    expect(takeChatApiRetries('teams')).toBe(2);
  });

  it('refuses to retry what retrying cannot fix (403), and counts nothing', async () => {
    // Prepare
    takeChatApiRetries('teams');
    // Act
    const sent = withRetry(
      async () => {
        throw connectorError(403);
      },
      { sleep: async () => undefined },
    );
    // Assess
    await expect(sent).rejects.toThrow('connector answered 403');
    expect(takeChatApiRetries('teams')).toBe(0);
  });
});
