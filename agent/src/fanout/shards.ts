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

interface Waves {
  /** Account-regions of a shard before the last wave: a whole number of rounds. */
  readonly full: number;
  /** Shards of that size, before the last wave. */
  readonly fullShards: number;
}

/**
 * How what is left after the first wave is cut. A shard answers in whole rounds of `round`, so each
 * is a whole number of them: each slot's shards take the rounds its share needs and no more, in as
 * few waves as the largest shard allows, the last wave taking what is left, evenly.
 */
function wavesFor(unplaced: number, inFlight: number, round: number, largest: number): Waves {
  const slotRounds = Math.ceil(unplaced / inFlight / round);
  const waves = Math.max(1, Math.ceil(slotRounds / Math.max(1, Math.floor(largest / round))));
  return { full: round * Math.ceil(slotRounds / waves), fullShards: (waves - 1) * inFlight };
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

  const shards: Shard[] = [];
  let unplaced = total;
  let waves: Waves | undefined;
  let last: number | undefined;
  for (const { regions, accounts } of groups.values()) {
    for (let at = 0; at < accounts.length; ) {
      let count = Math.floor(first / regions.length);
      if (!oneWave && shards.length >= firstWave) {
        waves ??= wavesFor(unplaced, inFlight, first, largest);
        if (shards.length - firstWave >= waves.fullShards) last ??= Math.ceil(unplaced / inFlight);
        // Whole accounts: the last wave's round up (within the largest), so none is left over.
        count =
          last === undefined
            ? Math.floor(waves.full / regions.length)
            : Math.min(Math.ceil(last / regions.length), Math.floor(largest / regions.length));
      }
      count = Math.min(MAX_ACCOUNT_IDS, Math.max(1, count));
      shards.push({ accounts: accounts.slice(at, at + count), regions });
      unplaced -= Math.min(count, accounts.length - at) * regions.length;
      at += count;
    }
  }
  return shards;
}
