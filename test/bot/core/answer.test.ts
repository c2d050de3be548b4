import { describe, expect, it } from 'vitest';
import { AnswerBuilder, renderAnswer, streamDelta } from '#bot/src/core/answer.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { ACCOUNT } from './fakes.ts';

const STAGING = { id: '222222222222', name: 'staging', environment: 'staging' } as const;

function build(events: AgentEvent[]) {
  const builder = new AnswerBuilder();
  for (const event of events) builder.push(event);
  return builder.model;
}

function result(
  account: typeof ACCOUNT | typeof STAGING,
  region: string,
  lines: string[] = ['a'],
): AgentEvent {
  return {
    type: 'result',
    account,
    region,
    operation: 'ec2 describe-instances',
    summary: `${lines.length} instances`,
    lines,
  };
}

describe('renderAnswer', () => {
  it('puts one summary line per account before the details and names account and region', () => {
    // Prepare
    const model = build([
      { type: 'text', delta: 'Here is what runs.' },
      result(ACCOUNT, 'us-east-1', ['i-1 running']),
      result(ACCOUNT, 'us-west-2', ['i-2 stopped']),
      {
        type: 'error',
        account: STAGING,
        region: 'us-east-1',
        code: 'refused',
        message: 'not allowed in this channel',
      },
    ]);

    // Act
    const { text, attachment } = renderAnswer(model);

    // Assess
    expect(attachment).toBeUndefined();
    const lines = text.split('\n');
    const summaryProd = lines.findIndex((line) => line.startsWith('- **payments-prod** (111111111111)'));
    const summaryStaging = lines.findIndex((line) => line.startsWith('- **staging** (222222222222)'));
    const detail = lines.findIndex((line) => line.includes('· us-west-2 ·'));
    expect(lines[summaryProd]).toContain('us-east-1: 1 instances; us-west-2: 1 instances');
    expect(lines[summaryStaging]).toContain('refused: not allowed in this channel');
    expect(summaryProd).toBeLessThan(detail);
    expect(summaryStaging).toBeLessThan(detail);
    expect(lines[detail]).toContain('**payments-prod** (111111111111)');
  });

  it('shows the status only while the answer has no content', () => {
    // Prepare
    const waiting = build([{ type: 'status', message: 'querying 12 prod accounts…' }]);
    const done = build([
      { type: 'status', message: 'querying 12 prod accounts…' },
      { type: 'text', delta: 'Done.' },
    ]);

    // Act / Assess
    expect(renderAnswer(waiting).text).toBe('_querying 12 prod accounts…_');
    expect(renderAnswer(done).text).not.toContain('querying');
  });

  it('splits an oversized answer into a summary message and an attachment holding everything', () => {
    // Prepare
    const many = Array.from({ length: 200 }, (_, index) => `i-${index} running t3.micro`);
    const model = build([result(ACCOUNT, 'us-east-1', many), result(STAGING, 'us-east-1', many)]);

    // Act
    const { text, attachment } = renderAnswer(model, { maxChars: 1_000 });

    // Assess
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text).toContain('- **payments-prod** (111111111111): us-east-1: 200 instances');
    expect(text).toContain('attached file');
    expect(attachment?.content).toContain('i-199 running t3.micro');
    expect(attachment?.content).toContain('**staging** (222222222222) · us-east-1');
  });
});

describe('streamDelta', () => {
  it('streams prose and one summary line per result, never the status', () => {
    // Act / Assess
    expect(streamDelta({ type: 'text', delta: 'abc' })).toBe('abc');
    expect(streamDelta({ type: 'status', message: 'x' })).toBe('');
    expect(streamDelta(result(ACCOUNT, 'us-east-1'))).toBe(
      '\n- **payments-prod** (111111111111) us-east-1: 1 instances',
    );
  });
});
