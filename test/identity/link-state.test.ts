import { describe, expect, it } from 'vitest';
import { LinkStateError, signLinkState, verifyLinkState } from '#bot/src/identity/index.ts';

const SECRET = 'unit-test-link-state-secret-0123456789';
const PAYLOAD = {
  nonce: 'n0nce',
  platform: 'slack',
  workspaceId: 'T0CENTRAL',
  userId: 'U0ALICE',
  expiresAt: 2_000,
} as const;

function failureOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof LinkStateError ? error.failure : `other: ${(error as Error).message}`;
  }
  return undefined;
}

describe('Function: verifyLinkState', () => {
  it('returns the signed chat identity while the state is fresh', () => {
    // Act
    const payload = verifyLinkState(signLinkState(PAYLOAD, SECRET), SECRET, 1_999);

    // Assess
    expect(payload).toEqual(PAYLOAD);
  });

  it.each([
    [
      'signed with another secret',
      () => verifyLinkState(signLinkState(PAYLOAD, `${SECRET}x`), SECRET, 0),
      'signature',
    ],
    [
      'with its payload swapped for another user',
      () => {
        const [v, , mac] = signLinkState(PAYLOAD, SECRET).split('.');
        const [, body] = signLinkState({ ...PAYLOAD, userId: 'U0BOB' }, `${SECRET}x`).split('.');
        return verifyLinkState(`${v}.${body}.${mac}`, SECRET, 0);
      },
      'signature',
    ],
    [
      'at its expiry instant',
      () => verifyLinkState(signLinkState(PAYLOAD, SECRET), SECRET, 2_000),
      'expired',
    ],
    [
      'without a signature',
      () => verifyLinkState(signLinkState(PAYLOAD, SECRET).split('.').slice(0, 2).join('.'), SECRET, 0),
      'malformed',
    ],
    [
      'of an unknown version',
      () => verifyLinkState(signLinkState(PAYLOAD, SECRET).replace(/^v1/, 'v2'), SECRET, 0),
      'malformed',
    ],
  ])('refuses a state %s', (_label, action, failure) => {
    // Act & Assess
    expect(failureOf(action)).toBe(failure);
  });

  it('refuses to sign or verify with a secret shorter than 32 characters', () => {
    // Act & Assess
    expect(() => signLinkState(PAYLOAD, 'short')).toThrow(/LINK_STATE_SECRET/);
    expect(() => verifyLinkState('v1.a.b', 'short', 0)).toThrow(/LINK_STATE_SECRET/);
  });
});
