import { describe, expect, it } from 'vitest';
import { DedupeError } from '#bot/src/core/errors.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { LINK_URL, type SlackHarness } from '#local/stack/slack-harness.ts';
import { PROD, s3Answer } from '#local/stand-ins/agent.ts';
import { appMention, signedForm, signedJson, slashCommand } from '#local/stand-ins/slack-requests.ts';
import type { SlackMessage } from '#local/stand-ins/slack-web-api.ts';
import { slackHarnessPerTest } from './per-test-harness.ts';

describe('Slack worker when things go wrong', () => {
  const slack = slackHarnessPerTest();
  let harness: SlackHarness | undefined;

  function callsOf(method: string) {
    return (
      harness?.api.calls.filter((call) => call.method === method && call.status === 200 && !call.error) ?? []
    );
  }

  it('sends an unlinked user only a private link prompt and runs nothing else', async () => {
    // Prepare
    harness = await slack.start({ script: s3Answer });

    // Act
    await harness.send(signedForm(slashCommand('prod s3', { user: 'U0BOB', channel: 'C0BOB' })));
    await harness.idle();

    // Assess
    const visible = harness.api.messagesIn('C0BOB');
    expect(visible).toHaveLength(1);
    expect(visible[0]?.ephemeralTo).toBe('U0BOB');
    expect(visible[0]?.text).toContain(LINK_URL);
    expect(harness.api.calls.map((call) => call.method)).toEqual(['chat.postEphemeral']);
    expect(harness.agent.requests).toEqual([]);
  });

  it('tells the thread in one short message when the agent is unreachable', async () => {
    // Prepare
    harness = await slack.start({ script: s3Answer });
    await harness.agent.stop();

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900300.000100' })));
    await harness.idle();

    // Assess
    const thread = harness.api.messagesIn('C0INCIDENT', '1731900300.000100');
    expect(thread.map((message) => message.text)).toEqual([`⚠️ ${BOT_MESSAGES.agentUnreachable}`]);
    expect(thread[0]?.metadata).toEqual({
      event_type: ANSWER_EVENT_TYPE,
      event_payload: { state: 'failed' },
    });
  });

  it('still answers when the worker cannot write its dedupe record, rather than dropping the question', async () => {
    // Prepare
    harness = await slack.start({
      script: s3Answer,
      workerDedupe: {
        once: async () => {
          throw new DedupeError('ProvisionedThroughputExceededException (centralops-state)');
        },
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900310.000100' })));
    await harness.idle();

    // Assess
    const thread = harness.api.messagesIn('C0INCIDENT', '1731900310.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]?.text).toContain('payments-prod');
    expect(harness.agent.requests).toHaveLength(1);
  });

  it('ends an answer whose stream stops before its final event with a visible "answer incomplete" line', async () => {
    // Prepare: a status, some prose and one result, then the stream ends
    harness = await slack.start({
      script: async function* (): AsyncGenerator<AgentEvent> {
        for await (const event of s3Answer()) {
          if (event.type === 'final') return;
          yield event;
        }
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900320.000100' })));
    await harness.idle();

    // Assess
    const [answer, ...more] = harness.api.messagesIn('C0INCIDENT', '1731900320.000100');
    expect(more).toEqual([]);
    expect(answer?.text).toContain('payments-prod');
    expect(answer?.text).toContain(`⚠️ answer incomplete: ${BOT_MESSAGES.answerIncomplete}`);
  });

  it('keeps a long answer short: ten lines per region, the rest counted and behind Show more and Details', async () => {
    // Prepare
    const lines = Array.from(
      { length: 400 },
      (_, index) => `web-${index} i-0${index.toString(16).padStart(16, '0')} running t3.micro`,
    );
    harness = await slack.start({
      async *script() {
        yield {
          type: 'result',
          account: PROD,
          region: 'us-east-1',
          operation: 'ec2 describe-instances',
          summary: '400 instances (400 running)',
          lines,
          tally: { noun: 'instance', total: 400, states: { running: 400 } },
        };
        yield {
          type: 'final',
          summary: '',
          accounts: [PROD],
          regions: ['us-east-1'],
          elapsedMs: 1_200,
          sessionId: 's',
        };
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 in prod', ts: '1731900400.000100' })));
    await harness.idle();

    // Assess
    const [answer, ...others] = harness.api.messagesIn('C0INCIDENT', '1731900400.000100');
    expect(others).toEqual([]);
    expect(answer?.text.split('\n')[0]).toBe('*400 instances: 400 running · 1 account · 1 region*');
    expect(answer?.text).toContain('• `i-00000000000000009` web-9 running t3.micro');
    expect(answer?.text).not.toContain('web-10 ');
    expect(answer?.text).toContain('_… 390 more: Show more_');
    const labels = buttonsOf(answer).map((button) => button.text.text);
    expect(labels).toEqual(['Show more', 'Details']);
  });

  it('puts an answer too large for one message in a snippet, the summary and buttons in the message', async () => {
    // Prepare: 60 accounts are more than Slack's 50 blocks
    const accounts = Array.from({ length: 60 }, (_, index) => ({
      id: String(100_000_000_000 + index),
      name: `account-${String(index).padStart(2, '0')}`,
      environment: 'prod',
    }));
    harness = await slack.start({
      async *script() {
        for (const account of accounts) {
          yield {
            type: 'result',
            account,
            region: 'us-east-1',
            operation: 'ec2 describe-instances',
            summary: '1 instance',
            lines: [`i-0${account.id} running`],
          };
        }
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'ec2 everywhere', ts: '1731900401.000100' })));
    await harness.idle();

    // Assess
    const thread = harness.api.messagesIn('C0INCIDENT', '1731900401.000100');
    const answer = thread.find((message) => !message.files);
    const snippet = thread.find((message) => message.files);
    expect(answer?.blocks?.length).toBeLessThanOrEqual(50);
    expect(answer?.text).toContain('*account-00* (100000000000)');
    expect(answer?.text).toContain('in the attached file');
    expect(snippet?.files?.[0]?.content).toContain('**account-59** (100000000059) · us-east-1');
  });

  it('waits for Retry-After and retries when Slack answers 429', async () => {
    // Prepare
    harness = await slack.start({ script: s3Answer });
    harness.api.rateLimit('chat.startStream', 1, 1);

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900500.000100' })));
    await harness.idle();

    // Assess
    const starts = harness.api.calls.filter((call) => call.method === 'chat.startStream');
    expect(starts.map((call) => call.status)).toEqual([429, 200]);
    expect((starts[1]?.at ?? 0) - (starts[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(harness.api.messagesIn('C0INCIDENT', '1731900500.000100')[0]?.text).toContain(
      'us-west-2 · 2 buckets',
    );
  });

  it('finishes with chat.update on the same message when the stream has expired', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let streamStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      streamStarted = resolve;
    });
    harness = await slack.start({
      async *script() {
        yield { type: 'text', delta: 'Looking at prod… ' };
        streamStarted();
        await paused;
        yield* s3Answer();
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900600.000100' })));
    await started;
    await harness.api.whenMessage((message) => message.threadTs === '1731900600.000100' && message.streaming);
    harness.api.expireStreams();
    release();
    await harness.idle();

    // Assess
    const [answer] = harness.api.messagesIn('C0INCIDENT', '1731900600.000100');
    const updates = callsOf('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((call) => call.args.ts === answer?.ts)).toBe(true);
    expect(answer?.text).toContain('us-west-2 · 2 buckets');
    expect(harness.api.messagesIn('C0INCIDENT', '1731900600.000100')).toHaveLength(1);
  });

  it('falls back to one message updated in place when streaming is unavailable', async () => {
    // Prepare
    harness = await slack.start({ script: s3Answer, streamIntervalMs: 1_000 });
    harness.api.failNext('chat.startStream', 'unknown_method');

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900700.000100' })));
    await harness.idle();

    // Assess
    const thread = harness.api.messagesIn('C0INCIDENT', '1731900700.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]?.text).toContain('us-west-2 · 2 buckets');
    const updates = callsOf('chat.update').map((call) => call.at);
    for (let index = 1; index < updates.length - 1; index += 1) {
      expect((updates[index] ?? 0) - (updates[index - 1] ?? 0)).toBeGreaterThanOrEqual(990);
    }
  });

  it('reports a bad agent answer in one short message', async () => {
    // Prepare
    harness = await slack.start({
      async *script() {
        yield { type: 'status', message: 'working' };
        yield { type: 'result', account: PROD } as unknown as AgentEvent;
      },
    });

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900800.000100' })));
    await harness.idle();

    // Assess
    const texts = harness.api.messagesIn('C0INCIDENT', '1731900800.000100').map((message) => message.text);
    expect(texts.at(-1)).toBe(`⚠️ ${BOT_MESSAGES.agentBadAnswer}`);
    expect(texts.filter((text) => text.startsWith('⚠️'))).toHaveLength(1);
  });

  it('posts the finished answer anew when Slack refuses to replace the streamed one', async () => {
    // Prepare
    harness = await slack.start({ script: s3Answer });
    harness.api.failNext('chat.update', 'cant_update_message');

    // Act
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900900.000100' })));
    await harness.idle();

    // Assess
    const texts = harness.api.messagesIn('C0INCIDENT', '1731900900.000100').map((message) => message.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('*payments-prod* (111111111111) · us-west-2 · `s3api list-buckets`');
  });
});

/** The buttons of a message's actions block, as Slack would draw them. */
function buttonsOf(
  message: SlackMessage | undefined,
): { text: { text: string }; action_id: string; value: string }[] {
  const actions = message?.blocks?.find((block) => block.type === 'actions') as
    | { elements: { text: { text: string }; action_id: string; value: string }[] }
    | undefined;
  return actions?.elements ?? [];
}
