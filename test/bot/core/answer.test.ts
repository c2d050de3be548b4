import { describe, expect, it } from 'vitest';
import {
  AnswerBuilder,
  detailLine,
  hiddenLineCount,
  renderAnswer,
  streamDelta,
} from '#bot/src/core/answer.ts';
import type { AccountRef, AgentEvent } from '#contracts/agent-events.ts';
import { ACCOUNT } from './fakes.ts';

const STAGING = { id: '222222222222', name: 'staging', environment: 'staging' } as const;

function build(events: AgentEvent[]) {
  const builder = new AnswerBuilder();
  for (const event of events) builder.push(event);
  return builder.model;
}

function result(account: AccountRef, region: string, lines: string[] = ['a']): AgentEvent {
  return {
    type: 'result',
    account,
    region,
    operation: 'ec2 describe-instances',
    summary: `${lines.length} instances`,
    lines,
  };
}

function tallied(event: AgentEvent, states: Record<string, number>): AgentEvent {
  return event.type === 'result'
    ? { ...event, summary: '2 instances', tally: { noun: 'instance', total: 1, states } }
    : event;
}

describe('renderAnswer', () => {
  it('writes the counts of a large fan-out with thousands separators', () => {
    // Prepare
    const model = build([
      {
        ...result(ACCOUNT, 'us-east-1', ['web-1 i-0aaa11112222 running t3.micro']),
        tally: { noun: 'instance', total: 11_876, states: { running: 8_341, stopped: 3_535 } },
      } as AgentEvent,
    ]);

    // Act
    const { text } = renderAnswer(model);

    // Assess
    expect(text.split('\n')[0]).toBe(
      '**11,876 instances: 8,341 running, 3,535 stopped · 1 account · 1 region**',
    );
  });

  it('puts the summary first, then one line per account, then the details, naming account and region', () => {
    // Prepare
    const model = build([
      { type: 'text', delta: 'Here is what runs.' },
      tallied(result(ACCOUNT, 'us-east-1', ['web-1 i-0aaa11112222 running t3.micro']), { running: 1 }),
      tallied(result(ACCOUNT, 'us-west-2', ['i-0bbb33334444 stopped t3.micro']), { stopped: 1 }),
      { type: 'error', account: STAGING, region: 'us-east-1', code: 'timeout', message: 'no answer in 20 s' },
    ]);

    // Act
    const { text, attachment } = renderAnswer(model);

    // Assess
    expect(attachment).toBeUndefined();
    const lines = text.split('\n');
    expect(lines[0]).toBe('**2 instances: 1 running, 1 stopped · 1 account · 2 regions · ⚠️ 1 failed**');
    const summaryProd = lines.findIndex((line) => line.startsWith('- **payments-prod** (111111111111)'));
    const summaryStaging = lines.findIndex((line) => line.startsWith('- **staging** (222222222222)'));
    const detail = lines.findIndex((line) => line.includes('· us-west-2 ·'));
    expect(lines[summaryProd]).toContain('us-east-1 · 2 instances; us-west-2 · 2 instances');
    expect(lines[summaryStaging]).toContain('⚠️ us-east-1: timeout: no answer in 20 s');
    expect(summaryProd).toBeLessThan(summaryStaging);
    expect(summaryStaging).toBeLessThan(detail);
    expect(text).toContain('- `i-0aaa11112222` web-1 running t3.micro');
  });

  it('orders accounts by environment rank, then name, whatever order their results came in', () => {
    // Prepare
    const dev = { id: '333333333333', name: 'sandbox-dev', environment: 'dev' } as const;
    const alpha = { id: '444444444444', name: 'alpha-prod', environment: 'prod' } as const;
    const model = build([
      result(dev, 'us-east-1'),
      result(STAGING, 'us-east-1'),
      result(ACCOUNT, 'us-east-1'),
      result(alpha, 'us-east-1'),
    ]);

    // Act
    const names = model.sections.map((section) => section.account.name);

    // Assess
    expect(names).toEqual(['alpha-prod', 'payments-prod', 'staging', 'sandbox-dev']);
  });

  it('shows ten detail lines per account and region and counts the rest, with no header over nothing', () => {
    // Prepare
    const many = Array.from({ length: 25 }, (_, index) => `bucket-${index}`);
    const model = build([result(ACCOUNT, 'us-east-1', many), result(ACCOUNT, 'us-west-2', [])]);

    // Act
    const { text } = renderAnswer(model);

    // Assess
    expect(text).toContain('- bucket-9');
    expect(text).not.toContain('- bucket-10');
    expect(text).toContain('- _… 15 more_');
    expect(text).not.toContain('· us-west-2 ·');
    expect(hiddenLineCount(model)).toBe(15);
  });

  it('puts no footer under help or a refusal, and one under data', () => {
    // Prepare
    const final = (accounts: AccountRef[]): AgentEvent => ({
      type: 'final',
      summary: 's',
      accounts,
      regions: ['us-east-1'],
      elapsedMs: 1200,
      sessionId: 'x',
    });
    const help = build([
      { type: 'private', reason: 'help' },
      { type: 'text', delta: 'help text' },
      final([]),
    ]);
    const refusal = build([
      { type: 'private', reason: 'refusal' },
      {
        type: 'error',
        code: 'unauthorized',
        message: 'You may not read payments-prod (111111111111): it needs ops-prod-readers.',
      },
      final([]),
    ]);
    const data = build([result(ACCOUNT, 'us-east-1'), final([ACCOUNT])]);

    // Act / Assess
    expect(renderAnswer(help).text).toBe('help text');
    expect(renderAnswer(refusal).text).toBe(
      '🔒 You may not read payments-prod (111111111111): it needs ops-prod-readers.',
    );
    expect(renderAnswer(data).text).toContain('_1 account · us-east-1 · 1.2 s_');
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

  it('splits an oversized answer into a summary message and an attachment holding every line', () => {
    // Prepare
    const many = Array.from({ length: 200 }, (_, index) => `i-${index} running t3.micro`);
    const accounts = Array.from({ length: 30 }, (_, index) => ({
      id: String(100000000000 + index),
      name: `account-${String(index).padStart(2, '0')}`,
      environment: 'prod',
    }));
    const model = build(accounts.map((account) => result(account, 'us-east-1', many)));

    // Act
    const { text, attachment } = renderAnswer(model, { maxChars: 1_000 });

    // Assess
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text).toContain('- **account-00** (100000000000): us-east-1 · 200 instances');
    expect(text).toContain('attached file');
    expect(attachment?.content).toContain('i-199 running t3.micro');
    expect(attachment?.content).toContain('**account-29** (100000000029) · us-east-1');
  });
});

describe('detailLine', () => {
  it.each([
    ['web-1 i-0123456789abcdef0 running t3.micro', '`i-0123456789abcdef0` web-1 running t3.micro'],
    ['data vol-0abc1234def56789a 100 GiB in-use', '`vol-0abc1234def56789a` data 100 GiB in-use'],
    ['no identifier here', 'no identifier here'],
    [
      'arn:aws:lambda:us-east-1:111111111111:function:a-very-long-function-name-that-wraps ok',
      'arn:aws:lambda:us-east-1:111111111111:function:a-very-long-function-name-that-wraps ok',
    ],
  ])('lays out %j with its identifier first, unbroken when short', (line, laidOut) => {
    expect(detailLine(line)).toBe(laidOut);
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
