/**
 * `/ops channel`: what this channel may read (its policy, who set it and when), to the asker only.
 * Members of ops-admins set it from chat: `/ops channel allow prod staging` (the environments read
 * here), `/ops channel default payments-prod` (the account a question naming none asks). A change
 * is announced in the channel, recorded with who and when.
 */
import { OPS_ADMINS_GROUP } from '#access/groups.ts';
import { isChatPlatformId } from '#contracts/chat-platforms.ts';
import { compareEnvironments } from '#contracts/registry.ts';
import { resolveTarget } from '../../accounts.ts';
import { type OpsVerb, type Usage, usage } from '../verb.ts';
import { didYouMean } from '../words.ts';

export type ChannelPlan =
  | { readonly kind: 'channel'; readonly change?: undefined }
  | { readonly kind: 'channel'; readonly change: 'allow'; readonly environments: readonly string[] }
  | { readonly kind: 'channel'; readonly change: 'default'; readonly account: string };

const UNLISTED = 'dev';

export const channel: OpsVerb<'channel', ChannelPlan> = {
  name: 'channel',
  usage: '/ops channel [allow <environment>… | default <account>]',
  summary: "this channel's policy; ops-admins set which environments it reads and its default account",

  plan(words): ChannelPlan | Usage {
    const [change, ...rest] = words;
    if (change === undefined) return { kind: 'channel' };
    if (change === 'allow' && rest.length > 0)
      return { kind: 'channel', change, environments: [...new Set(rest)] };
    if (change === 'default' && rest.length === 1) return { kind: 'channel', change, account: rest[0]! };
    return usage('Say which environments to allow, or one default account.', channel);
  },

  async *run(plan, turn) {
    const { answer, request } = turn;
    const { conversation } = request;
    const { registry, policy } = await turn.scope();
    if (!plan.change) {
      answer.summary = 'Channel policy';
      yield { type: 'private', reason: 'setting' };
      yield {
        type: 'text',
        delta: policy
          ? [
              `This channel reads ${policy.allowedEnvironments.join(', ') || 'no environment'}` +
                `${policy.defaultAccount ? `; a question naming no account asks ${policy.defaultAccount}` : ''}.`,
              policy.updatedBy
                ? `Set by ${policy.updatedBy} on ${policy.updatedAt ?? 'an unknown date'}.`
                : 'Set in the registry.',
            ].join(' ')
          : `This channel has no policy: it reads ${UNLISTED} only. An ops-admin can set one: ${channel.usage}.`,
      };
      return;
    }
    const refuse = (message: string) => {
      answer.summary = 'Channel policy not changed.';
      return [
        { type: 'private', reason: 'refusal' } as const,
        { type: 'error', code: 'refused', message } as const,
      ];
    };
    if (!turn.user.groups.includes(OPS_ADMINS_GROUP)) {
      yield* refuse(
        `Only members of ${OPS_ADMINS_GROUP} can change this channel's policy; you may see it with /ops channel.`,
      );
      return;
    }
    if (!isChatPlatformId(conversation.platform) || !turn.channelPolicies) {
      yield* refuse('Channel policies cannot be set from here.');
      return;
    }
    const known = [...new Set(registry.map((account) => account.environment))].sort(compareEnvironments);
    // What chat does not set (its alert routes) is kept as it is.
    const current = {
      ...policy,
      platform: conversation.platform,
      workspaceId: conversation.workspace,
      channelId: conversation.channel,
      allowedEnvironments: policy?.allowedEnvironments ?? [UNLISTED],
    };
    let next = current;
    if (plan.change === 'allow') {
      const unknown = plan.environments.find((environment) => !known.includes(environment));
      if (unknown !== undefined) {
        yield* refuse(
          `No environment "${unknown}" in the registry.${didYouMean(unknown, known)} Known: ${known.join(', ')}.`,
        );
        return;
      }
      next = { ...current, allowedEnvironments: [...plan.environments].sort(compareEnvironments) };
    } else {
      const resolution = resolveTarget(plan.account, registry);
      const [account] = resolution.kind === 'accounts' ? resolution.accounts : [];
      if (resolution.kind !== 'accounts' || resolution.accounts.length !== 1 || !account) {
        yield* refuse(
          resolution.kind === 'accounts'
            ? `"${plan.account}" names several accounts: name one.`
            : resolution.message,
        );
        return;
      }
      if (!current.allowedEnvironments.includes(account.environment)) {
        yield* refuse(
          `${account.name} is ${account.environment}, which this channel does not read: allow it first.`,
        );
        return;
      }
      next = { ...current, defaultAccount: account.name };
    }
    const updatedAt = new Date(turn.now()).toISOString();
    await turn.channelPolicies.set({ ...next, updatedBy: turn.user.username, updatedAt });
    answer.summary = 'Channel policy changed.';
    yield {
      type: 'text',
      delta:
        `${turn.user.username} set this channel's policy: it reads ${next.allowedEnvironments.join(', ')}` +
        `${next.defaultAccount ? `; a question naming no account asks ${next.defaultAccount}` : ''}. (${updatedAt})`,
    };
  },
};
