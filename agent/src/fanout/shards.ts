/**
 * A fan-out split into shards: query_accounts calls through the Gateway, several in flight, so a
 * question over thousands of account-regions spreads over the bridge's Lambda concurrency instead
 * of one invocation (its concurrency pool, its response size, its timeout), and its results reach
 * the chat shard by shard.
 *
 * A shard holds whole accounts with the same regions, so each account is assumed once per
 * invocation. The first wave is small (about one round of the bridge's own concurrency) so the
 * first results and progress arrive after one round trip; the rest are whole rounds each, the last
 * wave what is left, so no slot takes a round more than its share needs.
 */
import { MAX_ACCOUNT_IDS, MAX_ACCOUNT_REGIONS } from '#contracts/bridge-tools/fields.ts';
import type { Account } from '#contracts/registry.ts';

export interface FanOutSettings {
  /** Account-regions in one query_accounts call at most (FANOUT_SHARD_SIZE). @default 100 */
  readonly shardSize: number;
  /** query_accounts calls in flight at once (FANOUT_SHARDS_IN_FLIGHT). @default 8 */
  readonly shardsInFlight: number;
  /**
   * Account-regions of each call of the first wave (FANOUT_FIRST_SHARD_SIZE): about the bridge's
   * FANOUT_CONCURRENCY, so they answer in one round. @default 16
   */
  readonly firstShardSize: number;
}

export const FANOUT_DEFAULTS: FanOutSettings = { shardSize: 100, shardsInFlight: 8, firstShardSize: 16 };

/** Accounts asked in the same regions, by one query_accounts call. */
export interface Shard {
  readonly accounts: readonly Account[];
  readonly regions: readonly string[];
}

export interface FanOutTarget {
  readonly account: Account;
  readonly regions: readonly string[];
}

/** The shards of a fan-out, in the accounts' order (the order they are started in). */
export function planShards(targets: readonly FanOutTarget[], settings: FanOutSettings): Shard[] {
  const groups = new Map<string, { regions: readonly string[]; accounts: Account[] }>();
  for (const { account, regions } of targets) {
    const key = regions.join(',');
    const group = groups.get(key) ?? { regions, accounts: [] };
    group.accounts.push(account);
    groups.set(key, group);
  }
  const total = targets.reduce((sum, target) => sum + target.regions.length, 0);
  const inFlight = Math.max(1, settings.shardsInFlight);
  const largest = Math.min(MAX_ACCOUNT_REGIONS, Math.max(1, settings.shardSize));
  // Also what a bridge call answers in one round: about its FANOUT_CONCURRENCY.
  const first = Math.min(largest, Math.max(1, settings.firstShardSize));
  // Within one small wave: shards of the first size, each answering in one round (a question
  // of a few accounts is one shard). Else a small first wave, then waves filling every slot.
  const oneWave = total <= inFlight * first;
  const firstWave = oneWave ? 0 : inFlight;
  const rest = total - firstWave * first;
  const waves = Math.max(1, Math.ceil(rest / (inFlight * largest)));
  // A shard answers in whole rounds, so its size is a whole number of rounds: each slot's shards
  // then take the rounds the slot's share needs, no more (the last wave takes what is left, evenly).
  const slotRounds = Math.ceil(rest / inFlight / first);
  const full = first * Math.max(1, Math.min(Math.floor(largest / first), Math.ceil(slotRounds / waves)));

  const shards: Shard[] = [];
  let unplaced = total;
  let fullShards = 0;
  let last: number | undefined;
  for (const { regions, accounts } of groups.values()) {
    for (let at = 0; at < accounts.length; ) {
      const small = oneWave || shards.length < firstWave;
      if (!small && last === undefined) {
        const fullWavesDone = fullShards >= (waves - 1) * inFlight;
        if (fullWavesDone && unplaced <= inFlight * full) last = Math.max(1, Math.ceil(unplaced / inFlight));
        else fullShards += 1;
      }
      const size = small ? first : (last ?? full);
      const count = Math.min(MAX_ACCOUNT_IDS, Math.max(1, Math.floor(size / regions.length)));
      shards.push({ accounts: accounts.slice(at, at + count), regions });
      unplaced -= Math.min(count, accounts.length - at) * regions.length;
      at += count;
    }
  }
  return shards;
}
