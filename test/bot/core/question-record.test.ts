import { describe, expect, it } from 'vitest';
import { createBotMetrics, recordAlertDelivery } from '#bot/src/core/bot-metrics.ts';
import { countChatApiRetry } from '#bot/src/core/chat-api-retries.ts';
import { AgentUnreachableError } from '#bot/src/core/errors.ts';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import type { IdentityResolution } from '#bot/src/core/ports.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { asLambdaInvocation } from '#local/stand-ins/lambda-invocation.ts';
import { emfMetrics } from '../../support/emf.ts';
import {
  chatEvent,
  fakeAgent,
  fakeIdentity,
  recordingNotifier,
  recordingObservers,
  recordingReply,
  silentLogger,
} from './fakes.ts';

const LINKED = { status: 'linked', cognitoUsername: 'alice', cognitoSub: 'sub-alice' } as const;
const FINAL: AgentEvent = {
  type: 'final',
  summary: 'done',
  accounts: [],
  regions: [],
  elapsedMs: 5,
  sessionId: 's',
  verb: 'query',
};

/** A pipeline whose observers record into arrays: audit records (with their write options) and EMF lines. */
function observedPipeline(identity: IdentityResolution, agent: ReturnType<typeof fakeAgent>) {
  const { observers, audit, stored, lines } = recordingObservers();
  const pipeline = createPipeline({
    identity: fakeIdentity(identity),
    agent,
    logger: silentLogger,
    observers,
  });
  return { pipeline, audit, stored, metrics: () => emfMetrics(lines) };
}

async function* answer(): AsyncGenerator<AgentEvent> {
  yield { type: 'text', delta: 'Buckets: 2' };
  yield FINAL;
}

describe('Question record: the bot side of the audit and the metrics', () => {
  it('records a question the bot refused (unlinked user) with the chat user and the trace, once', async () => {
    // Prepare
    const agent = fakeAgent(answer);
    const { pipeline, audit, stored, metrics } = observedPipeline(
      { status: 'unlinked', linkUrl: 'https://link' },
      agent,
    );
    // Act
    await pipeline.run(chatEvent({ text: 'list ec2 in prod' }), recordingReply(), recordingNotifier());
    await audit.idle();
    // Assess
    expect(agent.calls).toEqual([]);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      ifAbsent: false,
      record: {
        recordedBy: 'bot',
        who: { chatUserId: 'U0ALICE' },
        where: { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0INCIDENT' },
        what: { text: 'list ec2 in prod', verb: 'none' },
        outcome: 'refused',
        reason: 'identity',
        accounts: [],
      },
    });
    expect(stored[0]?.record.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const refusals = metrics().filter((metric) => metric.name === 'Refusals');
    expect(refusals.map((metric) => metric.root.reason)).toEqual(['identity']);
  });

  it('records a question from a workspace not on the allow-list as refused for workspace', async () => {
    // Prepare
    const agent = fakeAgent(answer);
    const { pipeline, audit, stored } = observedPipeline({ status: 'workspace_refused' }, agent);
    // Act
    await pipeline.run(chatEvent({ workspaceId: 'T0STRANGER' }), recordingReply(), recordingNotifier());
    await audit.idle();
    // Assess
    expect(agent.calls).toEqual([]);
    expect(stored.map(({ record }) => [record.where.workspace, record.outcome, record.reason])).toEqual([
      ['T0STRANGER', 'refused', 'workspace'],
    ]);
  });

  it('records a question too long as refused for input: capped, its secrets redacted', async () => {
    // Prepare
    const token = `xoxb-${'123456789012'}-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`;
    const { pipeline, audit, stored } = observedPipeline(LINKED, fakeAgent(answer));
    // Act
    await pipeline.run(
      chatEvent({ text: `my token is ${token} ${'why '.repeat(1_200)}` }),
      recordingReply(),
      recordingNotifier(),
    );
    await audit.idle();
    // Assess
    const record = stored[0]?.record;
    expect(record).toMatchObject({ outcome: 'refused', reason: 'input', who: { cognitoUsername: 'alice' } });
    expect(record?.what.text.length).toBeLessThanOrEqual(301);
    expect(record?.what.text).toContain('[REDACTED]');
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('records an identity verb the bot answered itself as answered, under its verb', async () => {
    // Prepare
    const agent = fakeAgent(answer);
    const { pipeline, audit, stored } = observedPipeline(LINKED, agent);
    // Act
    await pipeline.run(chatEvent({ text: 'whoami' }), recordingReply(), recordingNotifier());
    await audit.idle();
    // Assess
    expect(agent.calls).toEqual([]);
    expect(stored[0]?.record).toMatchObject({
      what: { verb: 'whoami' },
      outcome: 'answered',
      recordedBy: 'bot',
    });
  });

  it('records an answer the chat would not take as failed in the chat, unless the agent recorded it', async () => {
    // Prepare
    const { pipeline, audit, stored, metrics } = observedPipeline(LINKED, fakeAgent(answer));
    const reply = recordingReply();
    reply.close = async () => {
      throw new Error('channel_not_found');
    };
    // Act
    await pipeline.run(chatEvent(), reply, recordingNotifier());
    await audit.idle();
    // Assess
    expect(stored).toEqual([
      {
        ifAbsent: true,
        record: expect.objectContaining({
          outcome: 'failed',
          failedAt: 'chat',
          error: expect.objectContaining({ code: 'delivery' }),
        }),
      },
    ]);
    expect(metrics().find((metric) => metric.name === 'Errors')?.root.part).toBe('chat');
  });

  it('records a question lost on the way to the agent as failed in the runtime, unless the agent recorded it', async () => {
    // Prepare
    const agent = fakeAgent(() => {
      throw new AgentUnreachableError('connection refused');
    });
    const { pipeline, audit, stored, metrics } = observedPipeline(LINKED, agent);
    // Act
    await pipeline.run(chatEvent(), recordingReply(), recordingNotifier());
    await audit.idle();
    // Assess
    expect(stored).toEqual([
      {
        ifAbsent: true,
        record: expect.objectContaining({
          who: { chatUserId: 'U0ALICE', cognitoUsername: 'alice', cognitoSub: 'sub-alice' },
          outcome: 'failed',
          failedAt: 'runtime',
          error: { code: 'unreachable', message: 'connection refused' },
        }),
      },
    ]);
    expect(metrics().find((metric) => metric.name === 'Errors')?.root.part).toBe('runtime');
  });

  it('leaves the record of an answered question to the agent, and measures it per platform and verb', async () => {
    // Prepare
    const { pipeline, audit, stored, metrics } = observedPipeline(LINKED, fakeAgent(answer));
    // Act
    await pipeline.run(chatEvent(), recordingReply(), recordingNotifier());
    await audit.idle();
    // Assess
    expect(stored).toEqual([]);
    const measured = metrics();
    for (const name of ['Questions', 'TimeToFirstText', 'TimeToFinal']) {
      const metric = measured.find((candidate) => candidate.name === name);
      expect(metric?.root).toMatchObject({ service: 'centralops-bot', platform: 'slack', verb: 'query' });
      expect(metric?.dimensionSets).toEqual([['service'], ['service', 'platform', 'verb']]);
    }
  });

  it('continues the Lambda invocation trace into the agent call and the question id both parts share', async () => {
    // Prepare
    const agent = fakeAgent(answer);
    const { pipeline } = observedPipeline(LINKED, agent);
    const trace = {
      traceId: '1-6745a0b1-aaaaaaaaaaaaaaaaaaaaaaaa',
      parentId: '1111111111111111',
      sampled: true,
    };
    // Act
    await asLambdaInvocation(trace, () => pipeline.run(chatEvent(), recordingReply(), recordingNotifier()));
    // Assess
    expect(agent.traces[0]?.traceId).toBe(trace.traceId);
    expect(agent.calls[0]?.request.question?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('counts alert deliveries by outcome, per platform, as valid EMF', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createBotMetrics({ output: (line) => lines.push(line) });
    // Act
    recordAlertDelivery(metrics, { platform: 'teams', outcome: 'failed' });
    // Assess
    expect(emfMetrics(lines)).toEqual([
      expect.objectContaining({
        name: 'AlertDeliveries',
        value: 1,
        root: expect.objectContaining({ service: 'centralops-bot', platform: 'teams', outcome: 'failed' }),
        dimensionSets: [
          ['service', 'outcome'],
          ['service', 'platform', 'outcome'],
        ],
      }),
    ]);
  });

  it('counts the chat API calls retried while the question was answered', async () => {
    // Prepare
    async function* retried(): AsyncGenerator<AgentEvent> {
      countChatApiRetry('slack');
      countChatApiRetry('slack');
      yield FINAL;
    }
    const { pipeline, metrics } = observedPipeline(LINKED, fakeAgent(retried));
    // Act
    await pipeline.run(chatEvent(), recordingReply(), recordingNotifier());
    // Assess
    expect(metrics().find((metric) => metric.name === 'ChatApiRetries')).toMatchObject({
      value: 2,
      root: { platform: 'slack' },
    });
  });
});
