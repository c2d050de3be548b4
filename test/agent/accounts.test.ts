import { describe, expect, it } from 'vitest';
import { resolveTarget } from '#agent/src/accounts.ts';
import { account, SAMPLE_ACCOUNTS } from './helpers.ts';

describe('resolveTarget', () => {
  it.each([
    ['all', ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555']],
    ['prod', ['111111111111']],
    ['payments-prod', ['111111111111']],
    ['production', ['111111111111']],
    ['222222222222', ['222222222222']],
    ['STAGING', ['222222222222']],
    ['audit', ['444444444444']],
  ])('resolves %s to the matching accounts', (target, ids) => {
    // Act
    const resolution = resolveTarget(target, SAMPLE_ACCOUNTS);
    // Assess
    expect(resolution.kind === 'accounts' && resolution.accounts.map((a) => a.id).sort()).toEqual(ids);
  });

  it('prefers an environment over an alias of the same spelling', () => {
    // Prepare: a second prod account; "prod" is also payments-prod's alias.
    const accounts = [...SAMPLE_ACCOUNTS, account('666666666666', 'orders-prod', 'prod')];
    // Act
    const resolution = resolveTarget('prod', accounts);
    // Assess
    expect(resolution.kind === 'accounts' && resolution.accounts.map((a) => a.id)).toEqual([
      '111111111111',
      '666666666666',
    ]);
  });

  it('asks which one when a name fits several accounts', () => {
    // Prepare
    const accounts = [
      account('666666666666', 'orders', 'prod', ['us-east-1'], ['payments']),
      account('777777777777', 'billing', 'prod', ['us-east-1'], ['payments']),
    ];
    // Act
    const resolution = resolveTarget('payments', accounts);
    // Assess
    expect(resolution).toMatchObject({ kind: 'ambiguous', message: expect.stringContaining('Which one?') });
  });

  it('refuses an id that is not in the registry', () => {
    // Act
    const resolution = resolveTarget('999999999999', SAMPLE_ACCOUNTS);
    // Assess
    expect(resolution).toMatchObject({
      kind: 'unknown',
      message: 'No enabled account with id 999999999999 in the registry.',
    });
  });
});
