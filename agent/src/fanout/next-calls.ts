/**
 * The next calls of per-account flows (ops/fan-out.ts), in as few bridge invocations as their
 * sameness allows. A call waiting for a slot joins the others asking the same thing in the same
 * region, and a free slot takes the largest such group as one query_accounts call for its
 * accounts: flows that reach the same step (every account's ECS clusters, the same log group's
 * events) share invocations as their first calls did, and a call like no other (a resource's own
 * ARN) goes alone. The calls of one turn of the event loop are grouped before any is sent.
 * Written here: DataLoader batches only one turn's calls per key; these also keep gathering while
 * every slot is busy, so a group grows until a slot frees, and the largest goes first.
 */
import { MAX_ACCOUNT_IDS } from '#contracts/bridge-tools/fields.ts';
import type { Account } from '#contracts/registry.ts';
import type { CatalogCall } from '../catalog/index.ts';
import { AccountCallError } from '../errors.ts';
import { askShard, type ShardCalls } from './ask-shard.ts';
import type { FanOutSettings } from './shards.ts';

interface Waiting {
  readonly account: Account;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: AccountCallError) => void;
}

/** Accounts waiting for the same calls in the same region. */
interface Group {
  readonly region: string;
  readonly calls: readonly CatalogCall[];
  readonly waiting: Waiting[];
}

export class NextCalls {
  readonly #caller: Omit<ShardCalls, 'calls' | 'shape'>;
  /** Invocations in flight at most (FANOUT_SHARDS_IN_FLIGHT). */
  readonly #slots: number;
  /** Accounts in one invocation at most (FANOUT_SHARD_SIZE: one region each). */
  readonly #largest: number;
  readonly #groups = new Map<string, Group>();
  #busy = 0;
  #scheduled = false;

  public constructor(caller: Omit<ShardCalls, 'calls' | 'shape'>, settings: FanOutSettings) {
    this.#caller = caller;
    this.#slots = Math.max(1, settings.shardsInFlight);
    this.#largest = Math.min(MAX_ACCOUNT_IDS, Math.max(1, settings.shardSize));
  }

  /** The answer of `calls` in the account and region; rejects with the AccountCallError of a failed one. */
  public call(account: Account, region: string, calls: readonly CatalogCall[]): Promise<unknown> {
    const key = `${region}\n${JSON.stringify(calls)}`;
    const group = this.#groups.get(key) ?? { region, calls, waiting: [] };
    this.#groups.set(key, group);
    const answer = new Promise<unknown>((resolve, reject) =>
      group.waiting.push({ account, resolve, reject }),
    );
    this.#schedule();
    return answer;
  }

  /** Sends once the calls made in this turn of the event loop have joined their groups. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#send();
    });
  }

  #send(): void {
    while (this.#busy < this.#slots && this.#groups.size > 0) {
      let [key, group] = this.#groups.entries().next().value!;
      for (const [otherKey, other] of this.#groups) {
        if (other.waiting.length > group.waiting.length) [key, group] = [otherKey, other];
      }
      const taken = group.waiting.splice(0, this.#largest);
      if (group.waiting.length === 0) this.#groups.delete(key);
      this.#busy += 1;
      void this.#ask(group, taken).finally(() => {
        this.#busy -= 1;
        this.#schedule();
      });
    }
  }

  async #ask(group: Group, taken: readonly Waiting[]): Promise<void> {
    const accounts = [...new Map(taken.map((waiting) => [waiting.account.id, waiting.account])).values()];
    // askShard never rejects: each account gets an answer or its failure.
    const outcomes = await askShard(
      { ...this.#caller, calls: group.calls },
      { accounts, regions: [group.region] },
    );
    for (const outcome of outcomes) {
      if (outcome.kind === 'refused') {
        for (const waiting of taken) waiting.reject(new AccountCallError('refused', outcome.message));
        return;
      }
      for (const waiting of taken) {
        if (waiting.account.id !== outcome.account.id) continue;
        if (outcome.kind === 'answer') waiting.resolve(outcome.payload);
        else waiting.reject(new AccountCallError(outcome.code, outcome.message));
      }
    }
  }
}
