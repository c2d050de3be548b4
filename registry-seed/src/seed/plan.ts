/**
 * Pure diff of the registry files against what the tables hold, and the writes that reconcile
 * them. Nothing is deleted unless `prune`: an account the file no longer lists is disabled.
 */

import type { Account } from '#contracts/registry.ts';
import {
  accountToItem,
  channelToItem,
  compareAccounts,
  type Item,
  identityToItem,
  itemToAccount,
  stableJson,
} from '#contracts/registry-items.ts';
import type { Registry } from '../types.ts';
import type {
  AccountChange,
  AccountDiff,
  RecordChange,
  RecordDiff,
  RegistryTable,
  WriteOp,
} from './types.ts';

export interface StoredItems {
  readonly accounts: readonly Item[];
  readonly identities: readonly Item[];
  readonly channels: readonly Item[];
}

export interface SeedPlan {
  readonly accounts: AccountDiff;
  readonly identities: RecordDiff;
  readonly channels: RecordDiff;
  readonly writes: readonly WriteOp[];
}

function changedFields(before: Item, after: Item): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) => stableJson(before[field]) !== stableJson(after[field])).sort();
}

function byKey(items: readonly Item[], keyField: string): Map<string, Item> {
  const map = new Map<string, Item>();
  for (const item of items) {
    const key = item[keyField];
    if (typeof key === 'string') map.set(key, item);
  }
  return map;
}

function planAccounts(
  stored: readonly Item[],
  accounts: readonly Account[],
  prune: boolean,
  writes: WriteOp[],
) {
  const table: RegistryTable = 'accounts';
  const current = byKey(stored, 'id');
  const added: Account[] = [];
  const changed: AccountChange[] = [];
  const disabled: Account[] = [];
  const removed: Account[] = [];
  let unchanged = 0;

  for (const account of accounts) {
    const desired = accountToItem(account);
    const existing = current.get(account.id);
    current.delete(account.id);
    if (!existing) {
      added.push(account);
      writes.push({ table, put: desired });
      continue;
    }
    const fields = changedFields(existing, desired);
    if (!fields.length) {
      unchanged++;
      continue;
    }
    writes.push({ table, put: desired });
    const before = itemToAccount(existing) ?? account;
    if (before.enabled && !account.enabled) disabled.push(account);
    else changed.push({ key: account.id, fields, before, after: account });
  }

  // What is left is in the table but no longer in the file.
  for (const [id, item] of current) {
    const before = itemToAccount(item);
    if (prune) {
      writes.push({ table, delete: { id } });
      if (before) removed.push(before);
    } else if (item.enabled === true) {
      const after = before ? { ...before, enabled: false } : undefined;
      writes.push({ table, put: after ? accountToItem(after) : { ...item, enabled: false } });
      if (after) disabled.push(after);
    } else {
      unchanged++;
    }
  }
  const diff: AccountDiff = {
    added: added.sort(compareAccounts),
    changed: changed.sort((a, b) => compareAccounts(a.after, b.after)),
    disabled: disabled.sort(compareAccounts),
    removed: removed.sort(compareAccounts),
    unchanged,
  };
  return diff;
}

/**
 * Identities and channels. `keep(existing, desired)` lets a stored field the file does not carry
 * survive (an identity's Cognito sub, set when the user links).
 */
function planRecords(
  table: RegistryTable,
  stored: readonly Item[],
  desiredItems: readonly Item[],
  prune: boolean,
  writes: WriteOp[],
  keep: (existing: Item, desired: Item) => Item = (_, desired) => desired,
): RecordDiff {
  const current = byKey(stored, 'key');
  const added: string[] = [];
  const changed: RecordChange[] = [];
  let unchanged = 0;
  for (const item of desiredItems) {
    const key = item.key as string;
    const existing = current.get(key);
    current.delete(key);
    if (!existing) {
      added.push(key);
      writes.push({ table, put: item });
      continue;
    }
    const desired = keep(existing, item);
    const fields = changedFields(existing, desired);
    if (!fields.length) {
      unchanged++;
      continue;
    }
    changed.push({ key, fields });
    writes.push({ table, put: desired });
  }
  const leftover = [...current.keys()].sort();
  if (prune) for (const key of leftover) writes.push({ table, delete: { key } });
  return {
    added: added.sort(),
    changed: changed.sort((a, b) => (a.key < b.key ? -1 : 1)),
    removed: prune ? leftover : [],
    notInFile: prune ? [] : leftover,
    unchanged,
  };
}

/** A linked user's Cognito sub stays as long as the identity still maps to the same username. */
function keepCognitoSub(existing: Item, desired: Item): Item {
  if (desired.cognitoSub !== undefined || existing.cognitoUsername !== desired.cognitoUsername)
    return desired;
  return existing.cognitoSub === undefined ? desired : { ...desired, cognitoSub: existing.cognitoSub };
}

export function planSeed(
  stored: StoredItems,
  registry: Registry,
  options: { prune?: boolean } = {},
): SeedPlan {
  const prune = options.prune ?? false;
  const writes: WriteOp[] = [];
  return {
    accounts: planAccounts(stored.accounts, registry.accounts, prune, writes),
    identities: planRecords(
      'identities',
      stored.identities,
      registry.identities.map(identityToItem),
      prune,
      writes,
      keepCognitoSub,
    ),
    channels: planRecords('channels', stored.channels, registry.channels.map(channelToItem), prune, writes),
    writes,
  };
}
