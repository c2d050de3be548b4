/**
 * A query fan-out's running count: the account-regions answered and failed and, for the answer's
 * opening summary, the items by environment and state and the failures named (the progress told as
 * shards land is the fan-out's own: ops/fan-out.ts). Bounded whatever the fan-out's size: a few names per kind of failure.
 */
import { thousands } from '#common/numbers.ts';
import type { AccountRef, Tally } from '#contracts/agent-events.ts';
import { FewNamed } from './few-named.ts';

/** States shown per environment, commonest first. */
const SHOWN_STATES = 6;
/** A kind of failure is told by its first message, this long at most. */
const MESSAGE_CHARS = 160;

interface EnvironmentTally {
  readonly accounts: Set<string>;
  answered: number;
  failed: number;
  items: number;
  noun: string | undefined;
  readonly byState: Map<string, number>;
}

interface FailureGroup {
  /** The first failure's message: what this kind of failure says. */
  readonly message: string;
  /** Where it failed: the first few named. */
  readonly where: FewNamed;
}

const plural = (n: number, word: string): string => `${thousands(n)} ${n === 1 ? word : `${word}s`}`;

export class FanOutTally {
  readonly #total: number;
  #done = 0;
  #failed = 0;
  readonly #environments = new Map<string, EnvironmentTally>();
  readonly #failures = new Map<string, FailureGroup>();
  readonly #regions = new Set<string>();

  /** @param total account-regions asked */
  constructor(total: number) {
    this.#total = total;
  }

  /** One account-region answered, with its items counted when the resource lists items. */
  answered(account: AccountRef, region: string, items?: Tally): void {
    const tally = this.#environment(account);
    this.#done += 1;
    this.#regions.add(region);
    tally.answered += 1;
    if (!items) return;
    tally.items += items.total;
    tally.noun ??= items.noun;
    for (const [state, n] of Object.entries<number>(items.states ?? {}))
      tally.byState.set(state, (tally.byState.get(state) ?? 0) + n);
  }

  /** One account-region failed: counted and, among the first of its kind, named. */
  failed(account: AccountRef, region: string, code: string, message: string): void {
    const tally = this.#environment(account);
    this.#done += 1;
    this.#failed += 1;
    this.#regions.add(region);
    tally.failed += 1;
    const said = message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message;
    const group = this.#failures.get(code) ?? { message: said, where: new FewNamed() };
    group.where.add(`${account.name} (${account.id}) ${region}`);
    this.#failures.set(code, group);
  }

  get answeredCount(): number {
    return this.#done - this.#failed;
  }

  get failedCount(): number {
    return this.#failed;
  }

  /** Every region an answer or failure came from. */
  get regions(): string[] {
    return [...this.#regions];
  }

  /**
   * The summary a large answer opens with: counts by environment and state, then each kind of
   * failure with the first accounts it hit named.
   */
  summary(what: string): string {
    const answered = this.#done - this.#failed;
    const head = `**${what}**: ${thousands(answered)} of ${thousands(this.#total)} account-regions answered${this.#failed ? `, ${thousands(this.#failed)} failed` : ''}`;
    const environments = [...this.#environments.entries()].map(([environment, tally]) => {
      const failed = tally.failed ? `, ${thousands(tally.failed)} failed` : '';
      const where = `- ${environment}, ${plural(tally.accounts.size, 'account')}${failed}`;
      if (!tally.noun) return `${where}: ${plural(tally.answered, 'account-region')} answered`;
      const states = [...tally.byState.entries()].sort((a, b) => b[1] - a[1]);
      const shown = states
        .slice(0, SHOWN_STATES)
        .map(([state, n]) => `${thousands(n)} ${state}`)
        .join(', ');
      const more = states.length > SHOWN_STATES ? ', …' : '';
      return `${where}: ${plural(tally.items, tally.noun)}${shown ? ` (${shown}${more})` : ''}`;
    });
    const failures = [...this.#failures.entries()].map(
      ([code, { where, message }]) =>
        `- ⚠️ ${code} (${thousands(where.count)}): ${where.phrase()}: ${message}`,
    );
    return [head, ...environments, ...failures].join('\n');
  }

  #environment(account: AccountRef): EnvironmentTally {
    let tally = this.#environments.get(account.environment);
    if (!tally) {
      tally = { accounts: new Set(), answered: 0, failed: 0, items: 0, noun: undefined, byState: new Map() };
      this.#environments.set(account.environment, tally);
    }
    tally.accounts.add(account.id);
    return tally;
  }
}
