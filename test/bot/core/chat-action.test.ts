import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { actionRegistry, defineAction, MAX_ACTION_VALUE_CHARS } from '#bot/src/core/chat-action.ts';

const echo = defineAction({
  name: 'echo',
  schema: z.object({ text: z.string().check(z.maxLength(3_000)) }),
  run: async () => undefined,
});

describe('defineAction', () => {
  it('reads back the value its own button carries', () => {
    // Act
    const button = echo.button('Echo', { text: 'hello' });

    // Assess
    expect(button).toEqual({ action: 'echo', label: 'Echo', value: '{"text":"hello"}' });
    expect(echo.parse(button.value)).toEqual({ text: 'hello' });
  });

  it('refuses a value over the button bound before parsing it, whatever its schema allows', () => {
    // Prepare
    const value = JSON.stringify({ text: 'x'.repeat(MAX_ACTION_VALUE_CHARS) });

    // Act + Assess
    expect(value.length).toBeGreaterThan(MAX_ACTION_VALUE_CHARS);
    expect(echo.parse(value)).toBeUndefined();
    expect(() => echo.button('Echo', { text: 'x'.repeat(MAX_ACTION_VALUE_CHARS) })).toThrow(
      /2000 characters/,
    );
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON of another shape', '{"text":1}'],
    ['JSON null', 'null'],
  ])('refuses a value that is %s', (_, value) => {
    expect(echo.parse(value)).toBeUndefined();
  });

  it('refuses names Slack and Teams could not carry, and two actions of one name', () => {
    // Act + Assess
    expect(() =>
      defineAction({ name: 'Echo Now', schema: z.object({}), run: async () => undefined }),
    ).toThrow(/does not match/);
    expect(() => actionRegistry([echo, echo])).toThrow(/two actions are named "echo"/);
  });
});
