import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PLANTED_SECRET_FUNCTION,
  type SandboxAws,
  sandboxAccounts,
  startSandboxAws,
} from '#local/sandbox-aws/index.ts';

describe('sandbox dataset', () => {
  const accounts = sandboxAccounts(40);
  let sandbox: SandboxAws;
  let same: SandboxAws;
  let reseeded: SandboxAws;
  beforeAll(async () => {
    [sandbox, same, reseeded] = await Promise.all([
      startSandboxAws({ accounts, seed: 7 }),
      startSandboxAws({ accounts, seed: 7 }),
      startSandboxAws({ accounts, seed: 8 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sandbox, same, reseeded].map((s) => s.stop()));
  });

  it('generates the same resources from the same seed and different ones from another seed', () => {
    // Act
    const first = sandbox.dataset(accounts[3]!.id);
    const second = same.dataset(accounts[3]!.id);
    const other = reseeded.dataset(accounts[3]!.id);

    // Assess
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('gives sandboxAccounts unique 12-digit ids and some accounts a second region', () => {
    // Assess
    expect(new Set(accounts.map((a) => a.id)).size).toBe(40);
    expect(accounts.every((a) => /^\d{12}$/.test(a.id))).toBe(true);
    expect(sandbox.dataset(accounts[1]!.id).regions).toEqual(['us-east-1', 'us-west-2']);
  });

  it('gives every account an erroring Lambda, an alarm in ALARM and the planted secret in its first region', () => {
    for (const { id } of accounts) {
      // Act
      const data = sandbox.dataset(id);
      const primary = data.byRegion[data.regions[0]!]!;

      // Assess
      expect(primary.erroringFunctions.length).toBeGreaterThan(0);
      expect(primary.alarms.some((a) => a.StateValue === 'ALARM')).toBe(true);
      const planted = primary.functions.find((f) => f.FunctionName === PLANTED_SECRET_FUNCTION);
      expect(planted?.Environment?.Variables.LEGACY_AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(planted?.Environment?.Variables.LEGACY_CREDENTIALS).toMatch(/^aws_secret_access_key=\S{40}$/);
      expect(primary.instances.every((i) => i.Tags.some((t) => t.Key === 'Name'))).toBe(true);
    }
  });

  it('refuses an account id that is not 12 digits', async () => {
    // Act / Assess
    await expect(startSandboxAws({ accounts: [{ id: '123' }] })).rejects.toThrow(/12 digits/);
  });
});
