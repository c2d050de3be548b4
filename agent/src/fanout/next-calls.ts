/**
 * The next calls of per-account flows (ops/fan-out.ts), in as few bridge invocations as there are
 * slots for. A call waiting for a slot joins the others waiting for the same region, and a free
 * slot takes the largest such group as one query_each call, each account with its own calls (the
 * clusters it named, its function's ARN). The calls of one turn of the event loop are grouped
 * before any is sent.
 * Written here: DataLoader batches only one turn's calls; these also keep gathering while every
 * slot is busy, so a group grows until a slot frees, and the largest goes first.
 */
import { MAX_REQUESTS } from '#contracts/bridge-tools/fields.ts';
import type { Account } from '#contracts/registry.ts';
import type { CatalogCall } from '../catalog/index.ts';
import { askEach, type CallOutcome, payloadOf, type ShardCalls } from './ask-shard.ts';
import type { FanOutSettings } from './shards.ts';

interface Waiting {
  readonly account: Account;
  readonly calls: readonly CatalogCall[];
  readonly settle: (outcome: CallOutcome) => void;
}

export class NextCalls {
  readonly #caller: Omit<ShardCalls, 'calls' | 'shape'>;
  /** Invocations in flight at most (FANOUT_SHARDS_IN_FLIGHT). */
  readonly #slots: number;
  /** Account-regions in one invocation at most (FANOUT_SHARD_SIZE). */
  readonly #largest: number;
  /** The calls waiting, by region. */
  readonly #waiting = new Map<string, Waiting[]>();
  #busy = 0;
  #scheduled = false;

  public constructor(caller: Omit<ShardCalls, 'calls' | 'shape'>, settings: FanOutSettings) {
    this.#caller = caller;
    this.#slots = Math.max(1, settings.shardsInFlight);
    this.#largest = Math.min(MAX_REQUESTS, Math.max(1, settings.shardSize));
  }

  /** The answer of `calls` in the account and region; rejects with the AccountCallError of a failed one (payloadOf). */
  public call(account: Account, region: string, calls: readonly CatalogCall[]): Promise<unknown> {
    const waiting = this.#waiting.get(region) ?? [];
    this.#waiting.set(region, waiting);
    const outcome = new Promise<CallOutcome>((settle) => waiting.push({ account, calls, settle }));
    this.#schedule();
    return outcome.then(payloadOf);
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
    while (this.#busy < this.#slots && this.#waiting.size > 0) {
      let [region, waiting] = this.#waiting.entries().next().value!;
      for (const [other, more] of this.#waiting) {
        if (more.length > waiting.length) [region, waiting] = [other, more];
      }
      // An account is asked once per call: a second call of the same account-region waits its turn.
      const accounts = new Set<string>();
      const taken: Waiting[] = [];
      const left: Waiting[] = [];
      for (const one of waiting) {
        if (taken.length < this.#largest && !accounts.has(one.account.id)) {
          accounts.add(one.account.id);
          taken.push(one);
        } else left.push(one);
      }
      if (left.length > 0) this.#waiting.set(region, left);
      else this.#waiting.delete(region);
      this.#busy += 1;
      void this.#ask(region, taken).finally(() => {
        this.#busy -= 1;
        this.#schedule();
      });
    }
  }

  async #ask(region: string, taken: readonly Waiting[]): Promise<void> {
    // askEach never rejects, and answers each account asked: its answer or its failure, or the
    // policy's refusal of the whole call.
    const outcomes = await askEach(
      this.#caller,
      taken.map(({ account, calls }) => ({ account, region, calls })),
    );
    const refused = outcomes.find((outcome) => outcome.kind === 'refused');
    const byAccount = new Map(
      outcomes.flatMap((outcome) =>
        outcome.kind === 'refused' ? [] : [[outcome.account.id, outcome] as const],
      ),
    );
    for (const one of taken) one.settle(refused ?? byAccount.get(one.account.id)!);
  }
}
