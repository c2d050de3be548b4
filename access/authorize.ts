/**
 * The authorization rule, pure: a user may read an account when one of their Cognito groups grants
 * it AND the channel's policy allows the account's environment. The channel narrows, never widens.
 */
import { type Account, accountLabel, type ChannelPolicy } from '#contracts/registry.ts';
import { grantingGroup, groupsGranting } from './groups.ts';

/**
 * Environments readable from a channel that has no row in the channels table (including direct
 * messages): fail closed for everything that matters, usable for a first try. An admin widens a
 * channel by adding it to the registry's channels.
 */
const UNLISTED_CHANNEL_ENVIRONMENTS: readonly string[] = ['dev'];

const REFUSAL_RULES = {
  /** The account is not enabled in the registry. */
  disabled: 'disabled',
  /** None of the user's groups grants the account. */
  group: 'group',
  /** The channel's policy (or the unlisted-channel default) does not allow the environment. */
  channel: 'channel',
} as const;
type RefusalRule = (typeof REFUSAL_RULES)[keyof typeof REFUSAL_RULES];

interface AccountRefusal {
  readonly account: Account;
  /** One sentence naming the group or channel rule, shown to the user as is. */
  readonly reason: string;
  readonly rule: RefusalRule;
}

interface AuthorizeAccountsInput {
  /** The user's Cognito groups, read from Cognito at request time. */
  readonly groups: readonly string[];
  /** The channel's row in the channels table; undefined when it has none. */
  readonly channelPolicy: ChannelPolicy | undefined;
  readonly accounts: readonly Account[];
}

interface AuthorizationResult {
  readonly allowed: Account[];
  readonly refused: AccountRefusal[];
}

export function authorizeAccounts(input: AuthorizeAccountsInput): AuthorizationResult {
  const allowedEnvironments = input.channelPolicy?.allowedEnvironments ?? UNLISTED_CHANNEL_ENVIRONMENTS;
  const channelName = input.channelPolicy
    ? `channel ${input.channelPolicy.channelId}`
    : 'this channel (no channel policy)';
  const allowed: Account[] = [];
  const refused: AccountRefusal[] = [];
  for (const account of input.accounts) {
    const label = accountLabel(account);
    if (!account.enabled) {
      refused.push({ account, rule: 'disabled', reason: `${label} is disabled in the account registry.` });
    } else if (!grantingGroup(input.groups, account)) {
      refused.push({
        account,
        rule: 'group',
        reason: `${label}: none of your groups grants it; it needs one of ${groupsGranting(account).join(', ')}.`,
      });
    } else if (!allowedEnvironments.includes(account.environment)) {
      refused.push({
        account,
        rule: 'channel',
        reason: `${label}: ${channelName} allows only ${describe(allowedEnvironments)}.`,
      });
    } else {
      allowed.push(account);
    }
  }
  return { allowed, refused };
}

function describe(environments: readonly string[]): string {
  return environments.length === 0 ? 'no environment' : environments.join(', ');
}
