import { describe, expect, it } from 'vitest';
import { PRIVATE_OVERFLOW_NOTE, PrivateReplyStream } from '#bot/src/core/private-reply.ts';
import { ACCOUNT, recordingNotifier } from './fakes.ts';

describe('PrivateReplyStream', () => {
  it('sends nothing while the agent works and the whole answer once at the end', async () => {
    // Prepare
    const notifier = recordingNotifier();
    const reply = new PrivateReplyStream({ notifier });

    // Act
    await reply.push({ type: 'status', message: 'querying' });
    await reply.push({
      type: 'result',
      account: ACCOUNT,
      region: 'us-east-1',
      operation: 's3 ls',
      summary: '2 buckets',
      lines: ['a', 'b'],
    });
    const before = [...notifier.notes];
    await reply.close();

    // Assess
    expect(before).toEqual([]);
    expect(notifier.notes).toHaveLength(1);
    expect(notifier.notes[0]).toContain('**payments-prod** (111111111111): us-east-1 · 2 buckets');
  });

  it('keeps the summary and says so when the answer is too long for a private note', async () => {
    // Prepare
    const notifier = recordingNotifier();
    const reply = new PrivateReplyStream({ notifier, maxChars: 500 });
    const lines = Array.from({ length: 100 }, (_, index) => `bucket-${index}`);

    // Act
    await reply.push({
      type: 'result',
      account: ACCOUNT,
      region: 'us-east-1',
      operation: 's3 ls',
      summary: '100 buckets',
      lines,
    });
    await reply.close();

    // Assess
    expect(notifier.notes[0]?.length).toBeLessThanOrEqual(500);
    expect(notifier.notes[0]).toContain('100 buckets');
    expect(notifier.notes[0]).toContain(PRIVATE_OVERFLOW_NOTE);
  });

  it('sends one short failure and nothing more', async () => {
    // Prepare
    const notifier = recordingNotifier();
    const reply = new PrivateReplyStream({ notifier });

    // Act
    await reply.fail('The agent is unreachable right now.');
    await reply.close();

    // Assess
    expect(notifier.notes).toEqual(['⚠️ The agent is unreachable right now.']);
  });
});
