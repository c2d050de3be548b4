/**
 * The Cognito group naming convention, in one place: which accounts a group lets its members read.
 * - `ops-all-readers`: every registered account
 * - `ops-<environment>-readers`: every account of that environment (`ops-prod-readers` → prod)
 * - `ops-account-<12 digits>-readers`: that one account
 * Any other group grants nothing. `ops-admins` grants no account either: its members may read the
 * audit (`/ops audit`) and set channel policies from chat (`/ops channel`).
 */
import type { Account } from '#contracts/registry.ts';

type GroupGrant =
  | { readonly kind: 'all' }
  | { readonly kind: 'environment'; readonly environment: string }
  | { readonly kind: 'account'; readonly accountId: string };

const ALL_READERS_GROUP = 'ops-all-readers';

/** Members may read the audit of every question (`/ops audit`) and set a channel's policy from chat
 * (`/ops channel allow|default`); it grants no account. */
export const OPS_ADMINS_GROUP = 'ops-admins';

const ACCOUNT_GROUP = /^ops-account-(\d{12})-readers$/;
const ENVIRONMENT_GROUP = /^ops-([a-z0-9][a-z0-9_-]*)-readers$/;

export function parseGroup(group: string): GroupGrant | undefined {
  if (group === ALL_READERS_GROUP) return { kind: 'all' };
  const account = ACCOUNT_GROUP.exec(group);
  if (account?.[1]) return { kind: 'account', accountId: account[1] };
  // `ops-account-…` never reads as an environment called "account-…".
  if (group.startsWith('ops-account-')) return undefined;
  const environment = ENVIRONMENT_GROUP.exec(group);
  if (environment?.[1]) return { kind: 'environment', environment: environment[1] };
  return undefined;
}

/** The first group that lets its members read `account`, if any. */
export function grantingGroup(groups: readonly string[], account: Account): string | undefined {
  return groups.find((group) => {
    const grant = parseGroup(group);
    if (!grant) return false;
    if (grant.kind === 'all') return true;
    if (grant.kind === 'environment') return grant.environment === account.environment;
    return grant.accountId === account.id;
  });
}

/** The groups that would let a user read `account`, for refusal messages. */
export function groupsGranting(account: Account): string[] {
  return [`ops-${account.environment}-readers`, `ops-account-${account.id}-readers`, ALL_READERS_GROUP];
}
