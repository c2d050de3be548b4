/** `/ops accounts`: the registry's enabled accounts, and which of them the user may read here. */
import { authorizeAccounts } from '#access/authorize.ts';
import { accountLabel } from '#contracts/registry.ts';
import { type OpsVerb, usage } from '../verb.ts';

export const accounts: OpsVerb<'accounts', { readonly kind: 'accounts' }> = {
  name: 'accounts',
  usage: '/ops accounts',
  summary: "the registry's accounts, and which of them you may read here",

  plan: (words) =>
    words.length === 0 ? { kind: 'accounts' } : usage('`/ops accounts` takes no more words.', accounts),

  async *run(_plan, turn) {
    const { registry, policy } = await turn.scope();
    const { allowed, refused } = authorizeAccounts({
      groups: turn.user.groups,
      channelPolicy: policy,
      accounts: registry,
    });
    const refusedIds = new Set(refused.map((r) => r.account.id));
    turn.answer.summary = `${registry.length} accounts, ${allowed.length} readable by you here`;
    yield {
      type: 'text',
      delta: [
        `*${turn.answer.summary}*`,
        ...registry.map(
          (a) =>
            `• ${accountLabel(a)} · ${a.regions.join(', ')}${refusedIds.has(a.id) ? ' · not readable here' : ''}`,
        ),
      ].join('\n'),
    };
  },
};
