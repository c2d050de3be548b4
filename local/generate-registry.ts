import type { Account } from '#contracts/registry.ts';
import type { Registry } from '#registry-seed/src/types.ts';

const ENVIRONMENTS = ['prod', 'staging', 'dev', 'security', 'shared'] as const;

/** A large, valid registry for the 5,000-account test and benchmark: accounts only, varied fields. */
export function generateRegistry(count: number): Registry {
  const accounts: Account[] = Array.from({ length: count }, (_, i) => {
    const environment = ENVIRONMENTS[i % ENVIRONMENTS.length] ?? 'dev';
    const name = `team-${String(i).padStart(5, '0')}-${environment}`;
    return {
      id: String(100_000_000_000 + i),
      name,
      aliases: [`t${i}`],
      environment,
      regions: i % 3 ? ['us-east-1'] : ['us-east-1', 'eu-west-1'],
      enabled: true,
      description: `Generated account ${i}`,
      tags: { team: `team-${i % 50}`, 'cost-center': String(1000 + (i % 7)) },
    };
  });
  return { accounts, identities: [], channels: [] };
}
