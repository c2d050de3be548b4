/**
 * `/ops regions [target]`: the regions CentralOps asks in for each account the user may read here,
 * one line per region. Read from the registry, no AWS call: where to look before asking.
 */
import { authorizeAccounts } from '#access/authorize.ts';
import { resolveTarget } from '../../accounts.ts';
import { type OpsVerb, usage } from '../verb.ts';

export interface RegionsPlan {
  readonly kind: 'regions';
  /** Account name, alias, id, environment or `all`. @default every account */
  readonly target?: string;
}

export const regions: OpsVerb<'regions', RegionsPlan> = {
  name: 'regions',
  usage: '/ops regions [target]',
  summary: 'the regions each account you may read here is asked in',

  plan: (words) =>
    words.length > 1
      ? usage('Name one target at most.', regions)
      : { kind: 'regions', ...(words[0] ? { target: words[0] } : {}) },

  async *run(plan, turn) {
    const { registry, policy } = await turn.scope();
    const resolution = resolveTarget(plan.target ?? 'all', registry);
    if (resolution.kind !== 'accounts') {
      turn.answer.summary = 'Unknown account';
      yield { type: 'text', delta: resolution.message };
      return;
    }
    const { allowed } = authorizeAccounts({
      groups: turn.user.groups,
      channelPolicy: policy,
      accounts: resolution.accounts,
    });
    const byRegion = new Map<string, string[]>();
    for (const account of allowed) {
      for (const region of account.regions)
        byRegion.set(region, [...(byRegion.get(region) ?? []), account.name]);
    }
    const lines = [...byRegion.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, names]) => `• ${region} (${names.length}): ${names.join(', ')}`);
    turn.answer.regions = [...byRegion.keys()].sort();
    turn.answer.summary =
      allowed.length === 0
        ? 'No account you may read here.'
        : `${byRegion.size} region${byRegion.size === 1 ? '' : 's'} across ${allowed.length} account${allowed.length === 1 ? '' : 's'} readable here`;
    yield { type: 'text', delta: [`*${turn.answer.summary}*`, ...lines].join('\n') };
  },
};
