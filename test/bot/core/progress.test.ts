import { describe, expect, it } from 'vitest';
import { AnswerBuilder, renderAnswer } from '#bot/src/core/answer.ts';
import { progressLine } from '#bot/src/core/progress.ts';

describe('progressLine', () => {
  it('says how many account-regions answered of all, and how many failed', () => {
    expect(progressLine({ done: 1240, total: 3000, failed: 3 })).toBe(
      '⏳ _1,240 of 3,000 account-regions, 3 failed_',
    );
  });

  it('marks a fan-out done once every account-region is in, leaving out no failures', () => {
    expect(progressLine({ done: 3000, total: 3000, failed: 0 })).toBe('✅ _3,000 of 3,000 account-regions_');
  });
});

describe('AnswerBuilder with a fan-out’s progress', () => {
  it('keeps the latest progress apart from the status, and out of the rendered answer', () => {
    // Prepare
    const answer = new AnswerBuilder();
    // Act
    answer.push({ type: 'status', message: 'querying 1,000 accounts…' });
    answer.push({ type: 'status', message: '40 of 3,000', progress: { done: 40, total: 3000, failed: 0 } });
    answer.push({ type: 'status', message: '80 of 3,000', progress: { done: 80, total: 3000, failed: 1 } });
    // Assess
    expect(answer.model.status).toBe('querying 1,000 accounts…');
    expect(answer.model.progress).toEqual({ done: 80, total: 3000, failed: 1 });
    expect(renderAnswer(answer.model).text).toBe('_querying 1,000 accounts…_');
  });
});
