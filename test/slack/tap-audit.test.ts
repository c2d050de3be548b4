/**
 * The audit of button taps through the public Slack ack handler: one record per tap, the action's
 * name and never its value; written by the bot for a tap it stops, by the agent (under the tap's
 * id) for a tap that asks it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { investigate } from '#bot/src/actions/investigate.ts';
import { refresh } from '#bot/src/actions/refresh.ts';
import type { AgentRequest } from '#contracts/agent-events.ts';
import { finishedAnswer, type SlackHarness, startSlackHarness } from '#local/stack/slack-harness.ts';
import { s3Answer } from '#local/stand-ins/agent.ts';
import { appMention, blockActions, signedForm, signedJson } from '#local/stand-ins/slack-requests.ts';
import { recordingObservers } from '../bot/core/fakes.ts';
import { emfMetrics } from '../support/emf.ts';

const SECRET_IN_VALUE = 'AKIAIOSFODNN7EXAMPLE';

describe('Slack button taps: the audit', () => {
  let harness: SlackHarness;
  const { observers, audit, stored, lines } = recordingObservers();

  beforeAll(async () => {
    harness = await startSlackHarness({ script: s3Answer, observers });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.agent.script(s3Answer);
    harness.agent.requests.length = 0;
    stored.length = 0;
    lines.length = 0;
  });

  async function tap(options: Parameters<typeof blockActions>[0]): Promise<void> {
    await harness.send(signedForm({ payload: JSON.stringify(blockActions(options)) }));
    await harness.idle();
    await audit.idle();
  }

  it('asks the agent under the tap’s own id and names the action, so the agent records the tap once', async () => {
    // Prepare
    await harness.send(signedJson(appMention({ text: 'list s3 buckets in prod', ts: '1731900400.000100' })));
    const answer = await finishedAnswer(harness.api, 'C0INCIDENT', '1731900400.000100');
    await harness.idle();
    await audit.idle();
    harness.agent.requests.length = 0;
    stored.length = 0;
    lines.length = 0;
    const value = refresh.button('Refresh', { q: 'prod s3', ops: true }).value;
    // Act
    await tap({
      actionId: 'refresh:0',
      value,
      messageTs: answer.ts,
      threadTs: '1731900400.000100',
      user: 'U0CAROL',
    });
    // Assess
    expect(harness.agent.requests).toHaveLength(1);
    expect(harness.agent.requests[0]?.body).toMatchObject({
      question: { id: expect.stringMatching(/^[0-9a-f]{32}$/), chatUserId: 'U0CAROL', action: 'refresh' },
    });
    expect(stored).toEqual([]);
    // The tap is one question in the bot's metrics (the stand-in agent names no verb).
    const questions = emfMetrics(lines).filter((metric) => metric.name === 'Questions');
    expect(questions.map((metric) => metric.root.platform)).toEqual(['slack']);
  });

  it('gives each question a tap asks an id of its own: Investigate’s steps are recorded apart', async () => {
    // Act
    await tap({
      actionId: 'investigate:0',
      value: investigate.button('Investigate', { a: '111111111111', r: 'us-east-1', x: 'i-0abc12345678' })
        .value,
      messageTs: '1731900403.000200',
      threadTs: '1731900403.000200',
    });
    // Assess
    const ids = harness.agent.requests.map((request) => (request.body as AgentRequest).question?.id);
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(harness.agent.requests.map((request) => (request.body as AgentRequest).question?.action)).toEqual(
      ids.map(() => 'investigate'),
    );
  });

  it('records a tap it refuses (a malformed value) with the action named and its value left out', async () => {
    // Act
    await tap({
      actionId: 'investigate:0',
      value: `{"token":"${SECRET_IN_VALUE}"}`,
      messageTs: '1731900401.000200',
    });
    // Assess
    expect(stored).toHaveLength(1);
    expect(stored[0]?.record).toMatchObject({
      kind: 'action',
      who: { chatUserId: 'U0ALICE' },
      what: { text: 'investigate', action: 'investigate' },
      outcome: 'refused',
      reason: 'input',
      recordedBy: 'bot',
    });
    expect(JSON.stringify(stored)).not.toContain(SECRET_IN_VALUE);
  });

  it('records the tap of a tapper who is not linked as refused for identity', async () => {
    // Act
    await tap({
      actionId: 'refresh:0',
      value: refresh.button('Refresh', { q: 'prod s3' }).value,
      messageTs: '1731900402.000200',
      user: 'U0NOBODY',
    });
    // Assess
    expect(harness.agent.requests).toEqual([]);
    expect(
      stored.map(({ record }) => [record.kind, record.what.action, record.outcome, record.reason]),
    ).toEqual([['action', 'refresh', 'refused', 'identity']]);
  });
});
