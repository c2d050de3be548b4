import { describe, expect, it } from 'vitest';
import { readEnv, requireSetting } from '#common/env.ts';
import { ConfigError } from '#common/errors.ts';

describe('Function: readEnv', () => {
  it('trims values and reads blank ones as unset', () => {
    // Prepare
    const read = readEnv({ A: '  value ', B: '   ', C: '' });
    // Act / Assess
    expect(read.text('A')).toBe('value');
    expect(read.text('B')).toBeUndefined();
    expect(read.text('C')).toBeUndefined();
    expect(read.firstOf('B', 'C', 'A')).toBe('value');
  });

  it.each([
    ['unset', undefined, 7],
    ['blank', ' ', 7],
    ['not a number', 'fast', 7],
    ['zero', '0', 7],
    ['negative', '-3', 7],
    ['a fraction where whole numbers are asked', '2.5', 7],
    ['Infinity', 'Infinity', 7],
    ['a whole number', ' 12 ', 12],
  ])('falls back on %s for a positive whole number', (_case, value, expected) => {
    expect(readEnv({ N: value }).positiveInteger('N', 7)).toBe(expected);
  });

  it('takes fractions by default and Infinity only when asked', () => {
    const read = readEnv({ F: '0.5', I: 'Infinity' });
    expect(read.positiveNumber('F', 1)).toBe(0.5);
    expect(read.positiveNumber('I', 1)).toBe(1);
    expect(read.positiveNumber('I', 1, { finite: false })).toBe(Number.POSITIVE_INFINITY);
  });

  it('splits lists and prefers AWS_REGION over AWS_DEFAULT_REGION', () => {
    const read = readEnv({ L: ' slack:T1, ,teams:x ', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(read.list('L')).toEqual(['slack:T1', 'teams:x']);
    expect(read.region()).toBe('eu-west-1');
    expect(readEnv({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }).region()).toBe('us-west-2');
    expect(readEnv({}).region('us-east-1')).toBe('us-east-1');
  });
});

describe('Function: requireSetting', () => {
  it('refuses an unset setting with a ConfigError naming it', () => {
    expect(() => requireSetting(undefined, 'LINK_STATE_SECRET')).toThrow(ConfigError);
    expect(() => requireSetting('', 'LINK_STATE_SECRET')).toThrow('LINK_STATE_SECRET is not set');
    expect(requireSetting('x', 'X')).toBe('x');
  });
});
