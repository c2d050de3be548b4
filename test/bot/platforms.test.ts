import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '#bot/src/platforms.ts';
import { CHAT_PLATFORM_IDS, CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { ENTRY_POINTS, platformBundleName } from '#infra/lib/bundles.ts';

describe('PLATFORMS', () => {
  it('carries every platform of the contract, under its own id', () => {
    // Assess
    expect(Object.keys(PLATFORMS).sort()).toEqual([...CHAT_PLATFORM_IDS].sort());
    for (const id of CHAT_PLATFORM_IDS) expect(PLATFORMS[id].descriptor).toBe(CHAT_PLATFORMS[id]);
  });

  it('bundles each platform ack path and worker from the entry points its descriptor names', () => {
    // Assess
    for (const id of CHAT_PLATFORM_IDS) {
      expect(ENTRY_POINTS[platformBundleName(id, 'ack')]).toBe(CHAT_PLATFORMS[id].bundles.ack);
      expect(ENTRY_POINTS[platformBundleName(id, 'worker')]).toBe(CHAT_PLATFORMS[id].bundles.worker);
    }
  });

  it.each(CHAT_PLATFORM_IDS)(
    'gives the link callback no %s notifier when the platform is not configured',
    async (id) => {
      // Act: a Lambda environment with no platform setting or secret
      const notifier = await PLATFORMS[id].linkNotifier({ AWS_LAMBDA_FUNCTION_NAME: 'centralops-link' });
      // Assess
      expect(notifier).toBeUndefined();
    },
  );

  it('gives the link callback a notifier for each platform its environment configures', async () => {
    // Act
    const slack = await PLATFORMS.slack.linkNotifier({ SLACK_BOT_TOKEN: 'xoxb-test' });
    const teams = await PLATFORMS.teams.linkNotifier({
      MICROSOFT_APP_ID: '11111111-1111-1111-1111-111111111111',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
      MICROSOFT_APP_PASSWORD: 'secret',
    });
    // Assess
    expect(slack).toBeDefined();
    expect(teams).toBeDefined();
  });
});
