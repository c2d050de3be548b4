/**
 * What a refused user reads: short, once, naming what would grant access (the groups of
 * access/groups.ts, or the channel's policy), never the account twice.
 */
import type { authorizeAccounts } from '#access/authorize.ts';
import { groupsGranting } from '#access/groups.ts';
import type { ChannelPolicy } from '#contracts/registry.ts';

type Refusal = ReturnType<typeof authorizeAccounts>['refused'][number];

/** "ops-prod-readers, ops-account-1…-readers or ops-all-readers" */
function either(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function allowedHere(policy: ChannelPolicy | undefined): string {
  const environments = policy?.allowedEnvironments ?? ['dev'];
  return environments.length === 0 ? 'no environment' : environments.join(', ');
}

/** Why one account is refused, for the line that names it: `needs ops-prod-readers, … or ops-all-readers`. */
export function refusalReason(refusal: Refusal, policy: ChannelPolicy | undefined): string {
  if (refusal.rule === 'disabled') return 'disabled in the registry';
  if (refusal.rule === 'group') return `needs ${either(groupsGranting(refusal.account))}`;
  return `this channel reads only ${allowedHere(policy)}`;
}

/** One line for a question every account of which was refused. */
export function refusalLine(refused: readonly Refusal[], policy: ChannelPolicy | undefined): string {
  const parts: string[] = [];
  const byGroup = refused.filter((refusal) => refusal.rule === 'group');
  if (byGroup.length === 1) {
    const [{ account }] = byGroup as [Refusal];
    parts.push(
      `You may not read ${account.name} (${account.id}): it needs ${either(groupsGranting(account))}.`,
    );
  } else if (byGroup.length > 1) {
    const environments = [...new Set(byGroup.map((refusal) => refusal.account.environment))].sort();
    const groups = [...environments.map((environment) => `ops-${environment}-readers`), 'ops-all-readers'];
    parts.push(
      `You may not read these ${byGroup.length} ${environments.join('/')} accounts: they need ${either(groups)}.`,
    );
  }
  const byChannel = refused.filter((refusal) => refusal.rule === 'channel');
  if (byChannel.length > 0) {
    const asked = [...new Set(byChannel.map((refusal) => refusal.account.environment))].sort();
    parts.push(
      `This channel reads only ${allowedHere(policy)}, not ${asked.join(', ')}: an ops-admin can allow it with /ops channel allow.`,
    );
  }
  const disabled = refused.filter((refusal) => refusal.rule === 'disabled');
  if (disabled.length > 0)
    parts.push(`${disabled.map((refusal) => refusal.account.name).join(', ')}: disabled in the registry.`);
  return parts.join(' ');
}
