import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanTable } from '#access/scan-table.ts';
import { tableName } from '#contracts/tables.ts';
import { RegistrySeedError } from '../errors.ts';
import type { Registry } from '../types.ts';
import { batchWrite } from './batch-write.ts';
import { planSeed } from './plan.ts';
import type { RegistryTable, SeedProgress, SeedReport } from './types.ts';

export interface SeedOptions {
  /** Compute and return the diff without writing. @default false */
  readonly dryRun?: boolean;
  /** Delete what the files no longer list instead of disabling (accounts) or leaving it (the rest). @default false */
  readonly prune?: boolean;
  readonly onProgress?: (progress: SeedProgress) => void;
  /** @default tableName(kind) for each kind (the *_TABLE environment variables) */
  readonly tableNames?: Partial<Record<RegistryTable, string>>;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Sends per batch before unprocessed items fail the seed. @default 8 */
  readonly maxAttempts?: number;
  /** The tables this seed owns: the others are neither read nor written. @default every table */
  readonly tables?: readonly RegistryTable[];
}

/**
 * Makes the tables hold exactly what `registry` declares, idempotently: reads them, diffs, and
 * writes only what differs (a second run writes nothing).
 */
export async function seedRegistry(
  client: DynamoDBDocumentClient,
  registry: Registry,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const startedAt = performance.now();
  const tableNames: Record<RegistryTable, string> = {
    accounts: options.tableNames?.accounts ?? tableName('accounts'),
    identities: options.tableNames?.identities ?? tableName('identities'),
    channels: options.tableNames?.channels ?? tableName('channels'),
  };
  const owned = new Set(options.tables ?? (['accounts', 'identities', 'channels'] as const));
  const scan = async (table: RegistryTable) => (owned.has(table) ? scanTable(client, tableNames[table]) : []);
  let stored: Parameters<typeof planSeed>[0];
  try {
    const [accounts, identities, channels] = await Promise.all([
      scan('accounts'),
      scan('identities'),
      scan('channels'),
    ]);
    stored = { accounts, identities, channels };
  } catch (error) {
    throw new RegistrySeedError('Could not read the registry tables', { cause: error });
  }
  const inScope: Registry = {
    accounts: owned.has('accounts') ? registry.accounts : [],
    identities: owned.has('identities') ? registry.identities : [],
    channels: owned.has('channels') ? registry.channels : [],
  };
  const plan = planSeed(stored, inScope, { prune: options.prune });
  const dryRun = options.dryRun ?? false;
  let result = { written: 0, retries: 0 };
  if (!dryRun && plan.writes.length) {
    try {
      result = await batchWrite(client, plan.writes, {
        tableNames,
        concurrency: options.concurrency,
        maxAttempts: options.maxAttempts,
        onProgress: options.onProgress,
      });
    } catch (error) {
      if (error instanceof RegistrySeedError) throw error;
      throw new RegistrySeedError('Could not write the registry tables', { cause: error });
    }
  }
  return {
    dryRun,
    accounts: plan.accounts,
    identities: plan.identities,
    channels: plan.channels,
    written: result.written,
    retries: result.retries,
    durationMs: performance.now() - startedAt,
  };
}
