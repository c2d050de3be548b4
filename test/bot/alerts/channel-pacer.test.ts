import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '#bot/src/alerts/channel-pacer.ts';

describe('Class: ChannelPacer', () => {
  it('spaces the posts of one channel by the interval, from when each post returned, and leaves other channels alone', async () => {
    // Prepare: a clock that only the pacer's sleeps move, waking a fraction early as event-loop timers may
    let clock = 0;
    const pacer = new ChannelPacer({
      intervalMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms - 0.4;
      },
    });
    const starts: [string, number][] = [];
    const post = (channel: string) => pacer.paced(channel, async () => void starts.push([channel, clock]));

    // Act
    await Promise.all([post('A'), post('A'), post('B'), post('A')]);

    // Assess
    const a = starts.filter(([channel]) => channel === 'A').map(([, at]) => at);
    expect(a).toHaveLength(3);
    for (let index = 1; index < a.length; index++)
      expect(a[index]! - a[index - 1]!).toBeGreaterThanOrEqual(1_000);
    expect(starts.filter(([channel]) => channel === 'B')).toHaveLength(1);
  });
});
