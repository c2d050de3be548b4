/**
 * Resolves a target word to registry accounts: `all`, an environment, a 12-digit id, a name or an
 * alias. An environment wins over an alias of the same spelling (`prod` means every prod account);
 * a name or alias that fits several accounts asks which one.
 */
import { ACCOUNT_ID, type Account } from '#contracts/registry.ts';
import { nearest } from './nearest.ts';

type Resolution =
  | { readonly kind: 'accounts'; readonly accounts: readonly Account[]; readonly label: string }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Account[]; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

export function resolveTarget(target: string, accounts: readonly Account[]): Resolution {
  const word = target.trim().toLowerCase();
  if (word === 'all' || word === '*') return { kind: 'accounts', accounts, label: 'all' };
  if (ACCOUNT_ID.test(word)) {
    const account = accounts.find((a) => a.id === word);
    return account
      ? { kind: 'accounts', accounts: [account], label: account.name }
      : { kind: 'unknown', message: `No enabled account with id ${word} in the registry.` };
  }
  const inEnvironment = accounts.filter((a) => a.environment.toLowerCase() === word);
  if (inEnvironment.length > 0) return { kind: 'accounts', accounts: inEnvironment, label: word };
  const named = accounts.filter(
    (a) => a.name.toLowerCase() === word || a.aliases.some((alias) => alias.toLowerCase() === word),
  );
  if (named.length === 1) return { kind: 'accounts', accounts: named, label: named[0]!.name };
  if (named.length > 1) {
    return {
      kind: 'ambiguous',
      candidates: named,
      message: `"${target}" matches ${named.length} accounts: ${named.map((a) => `${a.name} (${a.id})`).join(', ')}. Which one?`,
    };
  }
  const words = new Set(
    accounts.flatMap((a) => [a.name, a.environment, ...a.aliases].map((w) => w.toLowerCase())),
  );
  const suggestion = nearest(word, words);
  return {
    kind: 'unknown',
    message: `No account or environment "${target}" in the registry.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Try /ops accounts.`,
  };
}

export function accountRef(account: Account): { id: string; name: string; environment: string } {
  return { id: account.id, name: account.name, environment: account.environment };
}
