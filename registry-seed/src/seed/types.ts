import type { Account } from '#contracts/registry.ts';
import type { TableKind } from '#contracts/tables.ts';

/** The tables seeding writes (the state table is not the registry's). */
export type RegistryTable = Exclude<TableKind, 'state' | 'audit'>;

/** A record whose stored form differs from the file's, with the top-level fields that differ. */
export interface RecordChange {
  readonly key: string;
  readonly fields: readonly string[];
}

export interface AccountChange extends RecordChange {
  readonly before: Account;
  readonly after: Account;
}

export interface AccountDiff {
  readonly added: readonly Account[];
  readonly changed: readonly AccountChange[];
  /** Enabled in the table, now disabled: by the file or because the file no longer lists them. */
  readonly disabled: readonly Account[];
  /** Deleted from the table (only with `prune`). */
  readonly removed: readonly Account[];
  readonly unchanged: number;
}

/** Identities and channels, by key (`<platform>#<workspace>#<id>`). */
export interface RecordDiff {
  readonly added: readonly string[];
  readonly changed: readonly RecordChange[];
  /** Deleted from the table (only with `prune`). */
  readonly removed: readonly string[];
  /** In the table but not in the file, left in place because `prune` is off. */
  readonly notInFile: readonly string[];
  readonly unchanged: number;
}

export interface SeedReport {
  readonly dryRun: boolean;
  readonly accounts: AccountDiff;
  readonly identities: RecordDiff;
  readonly channels: RecordDiff;
  /** Items put or deleted; 0 on a dry run. */
  readonly written: number;
  /** Unprocessed batches sent again. */
  readonly retries: number;
  readonly durationMs: number;
}

export interface SeedProgress {
  /** Items written so far. */
  readonly done: number;
  readonly total: number;
}

/** One BatchWriteItem request entry and the table it goes to. */
export type WriteOp =
  | { readonly table: RegistryTable; readonly put: Record<string, unknown> }
  | { readonly table: RegistryTable; readonly delete: Record<string, unknown> };
