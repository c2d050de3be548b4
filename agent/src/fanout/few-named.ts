/**
 * A list said in chat, bounded whatever the fan-out's size: the first few named, the rest counted
 * ("acct-0 us-east-1, …, acct-4 us-east-1 and 2,995 more account-regions"). It keeps only the
 * names it says, so 3,000 account-regions cost five strings and a count.
 */
import { thousands } from '#common/numbers.ts';

/** Names said per list; the rest are counted. */
export const NAMED_PER_LIST = 5;

export class FewNamed {
  readonly #named: string[] = [];
  #count = 0;

  add(name: string): void {
    this.#count += 1;
    if (this.#named.length < NAMED_PER_LIST) this.#named.push(name);
  }

  /** Everything added, named or not. */
  get count(): number {
    return this.#count;
  }

  /**
   * `a, b, c, d, e and 2,995 more account-regions`, or just the names when they are all.
   * @param noun what the rest are, singular (`account-region`); @default none: `and 3 more`
   */
  phrase(noun?: string): string {
    const names = this.#named.join(', ');
    const rest = this.#count - this.#named.length;
    if (rest === 0) return names;
    const what = noun ? ` ${rest === 1 ? noun : `${noun}s`}` : '';
    return `${names} and ${thousands(rest)} more${what}`;
  }
}
