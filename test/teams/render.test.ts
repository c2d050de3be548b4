import { describe, expect, it } from 'vitest';
import { AnswerBuilder, type AnswerModel } from '#bot/src/core/answer.ts';
import { MAX_MESSAGE_BYTES, renderTeamsAnswer } from '#bot/src/teams/render.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { SCRIPT } from './harness.ts';

function modelOf(events: readonly AgentEvent[]): AnswerModel {
  const builder = new AnswerBuilder();
  for (const event of events) builder.push(event);
  return builder.model;
}

const PROD = { id: '111111111111', name: 'payments-prod', environment: 'prod' };

describe('renderTeamsAnswer', () => {
  it('renders an Adaptive Card 1.5 naming the account and region on every result', () => {
    // Act
    const { text, card, followUps } = renderTeamsAnswer(modelOf(SCRIPT));

    // Assess
    expect(text).toBe('4 buckets in 2 accounts');
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    const blocks = JSON.stringify(card.content);
    expect(blocks).toContain('**payments-prod** (111111111111)');
    expect(blocks).toContain('us-east-1 · 3 buckets');
    expect(blocks).toContain('**payments-staging** (222222222222)');
    expect(blocks).toContain('us-east-1 · 1 bucket');
    expect(followUps).toEqual([]);
  });

  it('shows an account’s failure beside the other accounts’ results', () => {
    // Prepare
    const events: AgentEvent[] = [
      ...SCRIPT.slice(0, -1),
      { type: 'error', account: PROD, region: 'us-west-2', code: 'timeout', message: 'no answer in 20 s' },
    ];

    // Act
    const { card } = renderTeamsAnswer(modelOf(events));

    // Assess
    const blocks = JSON.stringify(card.content);
    expect(blocks).toContain('us-west-2 · timeout: no answer in 20 s');
    expect(blocks).toContain('us-east-1 · 1 bucket');
  });

  it('keeps an oversized answer under the message limit: summary in the card, every detail line in follow-ups', () => {
    // Prepare
    const lines = Array.from(
      { length: 1_500 },
      (_, i) => `i-${String(i).padStart(17, '0')} running t3.micro 10.0.${i % 255}.1`,
    );
    const events: AgentEvent[] = [
      {
        type: 'result',
        account: PROD,
        region: 'us-east-1',
        operation: 'ec2 describe-instances',
        summary: '1500 instances',
        lines,
      },
    ];

    // Act
    const { card, followUps } = renderTeamsAnswer(modelOf(events));

    // Assess
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(JSON.stringify(card.content)).toContain('us-east-1 · 1500 instances');
    expect(followUps.length).toBeGreaterThan(1);
    for (const message of followUps) {
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + 200);
      expect(message).toContain('**payments-prod** (111111111111) · us-east-1');
    }
    const all = followUps.join('\n');
    expect(lines.every((line) => all.includes(line))).toBe(true);
  });
});
