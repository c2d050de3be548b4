import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { DynamoAlertChannels } from '#bot/src/alerts/alert-channels.ts';
import type { AlertDelivery } from '#bot/src/alerts/delivery.ts';
import { createAlertRouter } from '#bot/src/alerts/router.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { postedAlertName } from '#local/alerts/notifier.ts';
import { ALARM_SINGLE_METRIC, copy } from './aws-events.ts';
import { type AlertHarness, startAlertHarness } from './harness.ts';

const TWO_PROD_CHANNELS = `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0ONE
    allowedEnvironments: [prod]
    alerts: { environments: [prod] }
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0TWO
    allowedEnvironments: [prod]
    alerts: { accounts: [web-prod] }
`;

let counter = 0;
function alarm(name: string) {
  const event = copy(ALARM_SINGLE_METRIC);
  counter += 1;
  event.id = `burst-${counter}`;
  event.detail.alarmName = name;
  return event;
}

/** Gaps between the accepted chat.postMessage calls of one channel, in arrival order (ms). */
function gaps(h: AlertHarness, channel: string): number[] {
  const times = h.slack.calls
    .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.args.channel === channel)
    .map((c) => c.at);
  return times.slice(1).map((at, index) => at - times[index]!);
}

describe('alert delivery under Slack rate limits', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await startAlertHarness({ channels: TWO_PROD_CHANNELS, postIntervalMs: 1_000 });
    h.slack.limitPostsPerChannel(1_000);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('paces a burst to one message per second per channel: every alert posted once, no 429 met', async () => {
    // Act: four alarms at once, each routed to both channels
    await Promise.all(['B1', 'B2', 'B3', 'B4'].map((name) => h.notifier.put(alarm(`Burst${name}`))));
    await h.notifier.idle();

    // Assess
    for (const channel of ['C0ONE', 'C0TWO']) {
      const roots = h.slack.messagesIn(channel).map(postedAlertName);
      expect(roots.sort()).toEqual(['BurstB1', 'BurstB2', 'BurstB3', 'BurstB4']);
      for (const gap of gaps(h, channel)) expect(gap).toBeGreaterThanOrEqual(1_000);
    }
    expect(h.slack.calls.filter((c) => c.status === 429)).toEqual([]);
  });
});

describe('alert delivery without pacing of its own', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await startAlertHarness({ channels: TWO_PROD_CHANNELS, postIntervalMs: 0 });
    h.slack.limitPostsPerChannel(1_000);
  });
  afterAll(async () => {
    await h.stop();
  });

  it("honours Slack's 429 Retry-After: every alert still posted once", async () => {
    // Act
    await Promise.all(['R1', 'R2', 'R3'].map((name) => h.notifier.put(alarm(`Retry${name}`))));
    await h.notifier.idle();

    // Assess
    const roots = h.slack.messagesIn('C0ONE').map(postedAlertName);
    expect(roots.sort()).toEqual(['RetryR1', 'RetryR2', 'RetryR3']);
    expect(h.slack.calls.some((c) => c.status === 429)).toBe(true);
  });

  it('keeps a delivery whose post fails queued and posts it once when Slack recovers', async () => {
    // Prepare
    h.slack.failNext('chat.postMessage', 'internal_error', 3);

    // Act
    await h.fire(alarm('Recovered'));

    // Assess
    const posted = h.slack.messagesIn('C0ONE').filter((m) => m.text.includes('Recovered'));
    expect(posted).toHaveLength(1);
  });
});

describe('alert router when the queue refuses', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await startAlertHarness({ channels: TWO_PROD_CHANNELS });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('gives the event back (EventBridge retries it) and queues it on the retry', async () => {
    // Prepare
    let refuse = true;
    const queued: AlertDelivery[] = [];
    const route = createAlertRouter({
      registry: new DynamoAccountRegistry({ client: h.dynamo.documentClient }),
      channels: new DynamoAlertChannels({ client: h.dynamo.documentClient }),
      queue: {
        async send(deliveries) {
          if (refuse) throw new Error('SQS unavailable');
          queued.push(...deliveries);
        },
      },
      dedupe: new DynamoDedupe({ scope: 'alerts-queue-test', client: h.dynamo.client }),
      logger: h.logger,
    });
    const event = alarm('Requeued');

    // Act
    const failed = await route(event).catch((error: Error) => error);
    refuse = false;
    const retried = await route(copy(event));

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(retried.routed).toHaveLength(1);
    expect(queued.map((d) => d.channel.channelId).sort()).toEqual(['C0ONE', 'C0TWO']);
  });
});
