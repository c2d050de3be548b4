import { describe, expect, it } from 'vitest';
import { PROGRESS_TASK_ID } from '#bot/src/slack/reply-stream.ts';
import type { AgentEvent, FanOutProgress } from '#contracts/agent-events.ts';
import type { SlackHarness } from '#local/stack/slack-harness.ts';
import { PROD } from '#local/stand-ins/agent.ts';
import { appMention, signedJson } from '#local/stand-ins/slack-requests.ts';
import { slackHarnessPerTest } from './per-test-harness.ts';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'sa-east-1'];

/** A fan-out of 6 account-regions in 3 shards: each shard's results, then the progress so far. */
async function* fanOutAnswer(): AsyncGenerator<AgentEvent> {
  yield { type: 'status', message: 'querying 1 account for EC2 instances…' };
  for (let shard = 0; shard < 3; shard++) {
    for (const region of REGIONS.slice(shard * 2, shard * 2 + 2)) {
      if (region === 'sa-east-1') {
        yield {
          type: 'error',
          account: PROD,
          region,
          code: 'throttled',
          message: 'STS throttled AssumeRole',
        };
        continue;
      }
      yield {
        type: 'result',
        account: PROD,
        region,
        operation: 'ec2 DescribeInstances',
        summary: '2 instances (2 running)',
        lines: [`web-${region} i-1 running t3.micro`],
      };
    }
    const progress: FanOutProgress = { done: (shard + 1) * 2, total: 6, failed: shard === 2 ? 1 : 0 };
    yield { type: 'status', message: `${progress.done} of 6 account-regions`, progress };
  }
  yield { type: 'text', delta: '**EC2 instances**: 5 of 6 account-regions answered, 1 failed' };
  yield {
    type: 'final',
    summary: 'EC2 instances in 1 account',
    accounts: [PROD],
    regions: REGIONS,
    elapsedMs: 900,
    sessionId: 's-1',
  };
}

/** A fan-out whose answer breaks off after its first shard: the agent sends an event that is not one. */
async function* brokenFanOut(): AsyncGenerator<AgentEvent> {
  yield { type: 'status', message: 'querying 1 account for EC2 instances…' };
  yield { type: 'status', message: '0 of 6 account-regions', progress: { done: 0, total: 6, failed: 0 } };
  yield { type: 'status', message: '2 of 6 account-regions', progress: { done: 2, total: 6, failed: 0 } };
  yield { type: 'status', progress: { done: -1 } } as unknown as AgentEvent;
}

/** Many shards landing in a burst: a progress event per shard, then the answer. */
async function* burstOfShards(): AsyncGenerator<AgentEvent> {
  for (let done = 0; done <= 50; done++) {
    yield {
      type: 'status',
      message: `${done} of 50 account-regions`,
      progress: { done, total: 50, failed: 0 },
    };
  }
  yield { type: 'text', delta: '**EC2 instances**: 50 of 50 account-regions answered' };
  yield {
    type: 'final',
    summary: 'EC2',
    accounts: [PROD],
    regions: REGIONS,
    elapsedMs: 900,
    sessionId: 's-2',
  };
}

describe('Slack answer of a large fan-out', () => {
  const slack = slackHarnessPerTest();
  let harness: SlackHarness | undefined;

  it('shows the progress as one task of the stream, updated in place, and complete at the end', async () => {
    // Prepare: every event flushed at once, so each progress reaches Slack.
    harness = await slack.start({ script: fanOutAnswer, streamIntervalMs: 0 });

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 in prod', ts: '1731901000.000100' })));
    await harness.idle();

    // Assess
    const [answer] = harness.api.messagesIn('C0INCIDENT', '1731901000.000100');
    expect(answer?.tasks).toEqual({
      [PROGRESS_TASK_ID]: {
        title: '6 of 6 account-regions, 1 failed',
        status: 'complete',
        updates: expect.any(Number),
      },
    });
    expect(answer?.tasks?.[PROGRESS_TASK_ID]?.updates).toBeGreaterThanOrEqual(3);
    const streamed = harness.api.calls
      .filter((call) => call.method === 'chat.appendStream' || call.method === 'chat.startStream')
      .map((call) => JSON.stringify(call.args));
    expect(streamed.some((args) => args.includes('2 of 6 account-regions'))).toBe(true);
    expect(answer?.text).not.toContain('of 6 account-regions,');
    expect(answer?.text).toContain('*EC2 instances*: 5 of 6 account-regions answered, 1 failed');
  });

  it('heads the message updated in place with the progress where streaming is unavailable, gone once final', async () => {
    // Prepare
    harness = await slack.start({ script: fanOutAnswer, streamIntervalMs: 0 });
    harness.api.failNext('chat.startStream', 'unknown_method');

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 in prod', ts: '1731901100.000100' })));
    await harness.idle();

    // Assess
    const updates = harness.api.calls
      .filter((call) => call.method === 'chat.update')
      .map((call) => String(call.args.markdown_text));
    expect(updates.some((text) => text.startsWith('⏳ _4 of 6 account-regions_\n\n'))).toBe(true);
    const thread = harness.api.messagesIn('C0INCIDENT', '1731901100.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]?.text).not.toContain('⏳');
    expect(thread[0]?.text).toContain('5 of 6 account-regions answered, 1 failed');
  });
  it('marks the progress task failed, not left spinning, when the answer breaks off', async () => {
    // Prepare
    harness = await slack.start({ script: brokenFanOut, streamIntervalMs: 0 });

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 in prod', ts: '1731901200.000100' })));
    await harness.idle();

    // Assess
    const [answer] = harness.api.messagesIn('C0INCIDENT', '1731901200.000100');
    expect(answer?.tasks?.[PROGRESS_TASK_ID]).toMatchObject({
      title: '2 of 6 account-regions',
      status: 'error',
    });
    expect(answer?.streaming).toBe(false);
  });

  it('coalesces a burst of progress into the paced updates of one message, never one call per shard', async () => {
    // Prepare: streaming unavailable, so every update is a chat.update (Tier 3); a long interval.
    harness = await slack.start({ script: burstOfShards, streamIntervalMs: 60_000 });
    harness.api.failNext('chat.startStream', 'unknown_method');

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 in prod', ts: '1731901300.000100' })));
    await harness.idle();

    // Assess: the first progress posted, the first content at once (the count so far atop it), then
    // the final answer: no update per shard.
    const writes = harness.api.calls.filter((call) =>
      ['chat.postMessage', 'chat.update'].includes(call.method),
    );
    expect(writes.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.update']);
    const [posted, firstContent] = writes.map((call) => String(call.args.markdown_text));
    // The final answer is Block Kit: what a reader sees of it.
    const final = harness.api.messagesIn('C0INCIDENT', '1731901300.000100')[0]?.text;
    expect(posted).toMatch(/^⏳ _0 of 50 account-regions_/);
    expect(firstContent).toBe(
      '✅ _50 of 50 account-regions_\n\n**EC2 instances**: 50 of 50 account-regions answered',
    );
    expect(final).toContain('*EC2 instances*: 50 of 50 account-regions answered');
    expect(final).not.toContain('✅');
  });
});
