import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { finishedAnswer, type SlackHarness } from '#local/stack/slack-harness.ts';
import { PROD } from '#local/stand-ins/agent.ts';
import { appMention, signedJson } from '#local/stand-ins/slack-requests.ts';
import { slackHarnessPerTest } from './per-test-harness.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const ALT = 'alb-5xx (Sum) in payments-prod us-east-1, last 3h: ▁▁█ min 0 · max 96 · last 84';

async function* chartAnswer(): AsyncGenerator<AgentEvent> {
  yield { type: 'status', message: 'reading alb-5xx over 3h in 1 prod account…' };
  yield {
    type: 'result',
    account: PROD,
    region: 'us-east-1',
    operation: 'cloudwatch GetMetricData',
    summary: 'alb-5xx (Sum, 3h): ▁▁█ min 0 · max 96 · last 84',
    lines: [],
  };
  yield {
    type: 'image',
    name: 'alb-5xx-payments-prod-us-east-1.png',
    mime: 'image/png',
    base64: PNG.toString('base64'),
    alt: ALT,
    account: PROD,
    region: 'us-east-1',
  };
  yield {
    type: 'final',
    summary: 'alb-5xx',
    accounts: [PROD],
    regions: ['us-east-1'],
    elapsedMs: 50,
    sessionId: 's',
  };
}

describe('Slack charts', () => {
  const slack = slackHarnessPerTest();
  let harness: SlackHarness | undefined;

  it('uploads a chart into the thread with files.uploadV2, bytes intact, with its alt text', async () => {
    // Prepare
    harness = await slack.start({ script: chartAnswer });
    // Act
    await harness.send(signedJson(appMention({ text: 'metric alb-5xx in prod', ts: '1731900400.000100' })));
    await finishedAnswer(harness.api, 'C0INCIDENT', '1731900400.000100');
    await harness.idle();
    // Assess
    const files = harness.api.messagesIn('C0INCIDENT', '1731900400.000100').flatMap((m) => m.files ?? []);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ name: 'alb-5xx-payments-prod-us-east-1.png', altText: ALT });
    expect(files[0]!.bytes.equals(PNG)).toBe(true);
  });

  it('still finishes the answer when Slack refuses the upload', async () => {
    // Prepare
    harness = await slack.start({ script: chartAnswer });
    harness.api.failNext('files.completeUploadExternal', 'not_in_channel');
    // Act
    await harness.send(signedJson(appMention({ text: 'metric alb-5xx in prod', ts: '1731900500.000100' })));
    const answer = await finishedAnswer(harness.api, 'C0INCIDENT', '1731900500.000100');
    // Assess
    expect(answer.metadata?.event_payload.state).toBe('final');
    expect(answer.text).toContain('min 0 · max 96 · last 84');
  });
});
