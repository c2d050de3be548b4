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
    expect(blocks).toContain('⚠️ us-west-2: timeout: no answer in 20 s');
    expect(blocks).toContain('us-east-1 · 1 bucket');
  });

  it('keeps a long result short on the card: ten lines, the rest counted, no follow-ups', () => {
    // Prepare
    const lines = Array.from(
      { length: 1_500 },
      (_, i) => `web-${i} i-${String(i).padStart(17, '0')} running`,
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
    const text = JSON.stringify(card.content);
    expect(text).toContain('- i-00000000000000009 web-9 running');
    expect(text).not.toContain('web-10 ');
    expect(text).toContain('… 1490 more: Show more');
    expect(followUps).toEqual([]);
  });

  it('keeps an answer too large for one card under the limit: summary in the card, every detail line in follow-ups', () => {
    // Prepare: 60 accounts of 20 lines each
    const accounts = Array.from({ length: 60 }, (_, i) => ({
      id: String(100_000_000_000 + i),
      name: `account-${String(i).padStart(2, '0')}`,
      environment: 'prod',
    }));
    const lineOf = (account: string, i: number) =>
      `arn:aws:s3:::archive-${account}-${String(i).padStart(4, '0')}`;
    const events: AgentEvent[] = accounts.map((account) => ({
      type: 'result',
      account,
      region: 'us-east-1',
      operation: 's3 list-buckets',
      summary: '20 buckets',
      lines: Array.from({ length: 20 }, (_, i) => lineOf(account.id, i)),
    }));

    // Act
    const { card, followUps } = renderTeamsAnswer(modelOf(events));

    // Assess
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(JSON.stringify(card.content)).toContain('us-east-1 · 20 buckets');
    expect(followUps.length).toBeGreaterThan(1);
    for (const message of followUps)
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + 200);
    const all = followUps.join('\n');
    expect(accounts.every((account) => all.includes(lineOf(account.id, 19)))).toBe(true);
    expect(all).toContain('**account-59** (100000000059) · us-east-1');
  });

  it('puts the answer’s buttons on the card as Action.Execute', () => {
    // Act
    const { card } = renderTeamsAnswer(modelOf(SCRIPT), [
      { action: 'refresh', label: 'Refresh', value: '{"q":"prod s3"}' },
    ]);

    // Assess
    expect(JSON.stringify(card.content)).toContain(
      '{"type":"ActionSet","actions":[{"type":"Action.Execute","title":"Refresh","verb":"refresh","data":{"value":"{\\"q\\":\\"prod s3\\"}"}}]}',
    );
  });
});
