import { describe, expect, it } from 'vitest';
import { CentralOpsError, ConfigError, messageOf } from '#common/errors.ts';

class AreaError extends CentralOpsError {}
class DetailError extends AreaError {}

describe('Class: CentralOpsError', () => {
  it('names every subclass after itself, with no constructor of its own', () => {
    // Act
    const error = new DetailError('broken', { cause: new Error('root') });
    // Assess
    expect(error.name).toBe('DetailError');
    expect(error).toBeInstanceOf(AreaError);
    expect(error.message).toBe('broken');
    expect((error.cause as Error).message).toBe('root');
    expect(new ConfigError('X is not set').name).toBe('ConfigError');
  });
});

describe('Function: messageOf', () => {
  it.each([
    [new Error('boom'), 'boom'],
    ['plain text', 'plain text'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('reads the message of %s', (thrown, message) => {
    expect(messageOf(thrown)).toBe(message);
  });
});
