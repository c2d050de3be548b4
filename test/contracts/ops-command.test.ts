import { describe, expect, it } from 'vitest';
import { identityVerbOf, opsCommandText, parseQuestionText } from '#contracts/ops-command.ts';

describe('Function: opsCommandText', () => {
  it.each([
    ['/ops prod s3', false, 'prod s3'],
    ['  /OPS   prod s3 ', false, 'prod s3'],
    ['/ops', false, ''],
    ['ops prod s3', false, undefined],
    ['ops prod s3', true, 'prod s3'],
    ['/ops prod s3', true, 'prod s3'],
    ['/opsx prod', true, undefined],
    ['list ec2 in prod', true, undefined],
  ])('reads %j (slash optional: %s) as %j', (text, slashOptional, expected) => {
    expect(opsCommandText(text, { slashOptional })).toBe(expected);
  });
});

describe('Function: parseQuestionText', () => {
  it('takes a trailing private as the flag, and only a trailing one', () => {
    expect(parseQuestionText('prod s3 private')).toEqual({ text: 'prod s3', private: true });
    expect(parseQuestionText('private prod s3')).toEqual({ text: 'private prod s3', private: false });
  });

  it.each([
    ['audit prod 24h', 'audit prod 24h'],
    ['/ops AUDIT @alice', '/ops AUDIT @alice'],
    ['audit prod private', 'audit prod'],
  ])('answers the audit verb (%j) to the asker only, wherever it is asked', (raw, text) => {
    expect(parseQuestionText(raw)).toEqual({ text, private: true });
  });

  it('keeps a question that merely mentions the audit public', () => {
    expect(parseQuestionText('prod audit-logs s3').private).toBe(false);
    expect(parseQuestionText('/ops prod s3').private).toBe(false);
  });
});

describe('Function: identityVerbOf', () => {
  it.each([
    ['link', 'link'],
    ['WhoAmI', 'whoami'],
    ['/ops unlink', 'unlink'],
    ['link prod', undefined],
    ['/ops prod s3', undefined],
    ['help', undefined],
  ])('reads %j as identity verb %j', (text, verb) => {
    expect(identityVerbOf(text)).toBe(verb);
  });
});
