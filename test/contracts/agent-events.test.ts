import { describe, expect, it } from 'vitest';
import { encodeAgentEvent, MAX_IMAGE_BYTES, parseAgentEvent } from '#contracts/agent-events.ts';

const image = {
  type: 'image',
  name: 'alb-5xx-payments-prod-us-east-1.png',
  mime: 'image/png',
  base64: Buffer.from('png bytes').toString('base64'),
  alt: 'alb-5xx: ▁▂█ min 0 · max 9 · last 9',
};

describe('Agent event: image', () => {
  it('reads an image event as it was encoded', () => {
    // Act
    const event = parseAgentEvent(
      encodeAgentEvent(image as never)
        .slice('data: '.length)
        .trim(),
    );
    // Assess
    expect(event).toEqual(image);
  });

  it.each([
    ['a name that is a path', { name: '../../etc/passwd.png' }],
    ['a name that is not a PNG', { name: 'chart.svg' }],
    ['another type', { mime: 'image/svg+xml' }],
    ['base64 with markup in it', { base64: '<img src=x onerror=alert(1)>' }],
    ['an image over the size limit', { base64: 'A'.repeat(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4) }],
    ['alt text past 1000 characters', { alt: 'x'.repeat(1_001) }],
  ])('refuses %s', (_what, change) => {
    // Act / Assess
    expect(() => parseAgentEvent(JSON.stringify({ ...image, ...change }))).toThrow();
  });
});
