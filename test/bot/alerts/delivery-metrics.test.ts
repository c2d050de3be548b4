import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotMetrics } from '#bot/src/core/bot-metrics.ts';
import { emfMetrics } from '../../support/emf.ts';
import { ALARM_SINGLE_METRIC, copy } from './aws-events.ts';
import { type AlertHarness, startAlertHarness } from './harness.ts';

/** The AlertDeliveries lines written so far, as `platform outcome` pairs. */
function deliveries(lines: readonly string[]): string[] {
  return emfMetrics(lines)
    .filter((metric) => metric.name === 'AlertDeliveries')
    .map((metric) => `${String(metric.root.platform)} ${String(metric.root.outcome)}`)
    .sort();
}

describe('alert delivery metrics', () => {
  let h: AlertHarness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startAlertHarness({ metrics: createBotMetrics({ output: (line) => lines.push(line) }) });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('counts each post by platform and outcome, a failed post before its retry included', async () => {
    // Prepare: the alarm goes to the Slack prod channel and the Teams incident channel; Slack
    // refuses the first post
    const event = copy(ALARM_SINGLE_METRIC);
    event.id = 'alarm-metrics-1';
    event.detail.alarmName = 'MeasuredAlarm';
    h.slack.failNext('chat.postMessage', 'channel_not_found', 1);

    // Act
    await h.fire(event);

    // Assess
    expect(h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('MeasuredAlarm'))).toHaveLength(1);
    expect(deliveries(lines)).toEqual(['slack delivered', 'slack failed', 'teams delivered']);
  });
});
