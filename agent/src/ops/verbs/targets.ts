/**
 * `/ops <target> targets <load balancer>`: the health of every target behind a load balancer (by
 * name or ARN), per target group, unhealthy ones first with the reason ELB gives.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import type { CatalogCall } from '../../catalog/index.ts';
import { capLines, type Json, obj, plural, records, str } from '../../catalog/summaries.ts';
import { FewNamed } from '../../fanout/few-named.ts';
import { eachAccountRegion, type Flow, isNotFound, listOf, newTally, tallied } from '../fan-out.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';

export interface TargetsPlan {
  readonly kind: 'targets';
  readonly target?: string;
  /** Name or ARN, as typed. */
  readonly loadBalancer: string;
}

interface GroupHealth {
  readonly name: string;
  readonly port: string;
  readonly targets: readonly Json[];
}

/** The flow's first call: the load balancer, by ARN or name. */
function describeLoadBalancer(loadBalancer: string): CatalogCall {
  return {
    service: 'elbv2',
    operation: 'DescribeLoadBalancers',
    params: loadBalancer.startsWith('arn:')
      ? { LoadBalancerArns: [loadBalancer] }
      : { Names: [loadBalancer] },
  };
}

async function targetHealth(
  { first, call }: Flow,
  loadBalancer: string,
): Promise<{ name: string; groups: GroupHealth[] }> {
  const lb = records(await first(), 'LoadBalancers')[0];
  if (!lb) return { name: loadBalancer, groups: [] };
  const groups = records(
    await call([
      {
        service: 'elbv2',
        operation: 'DescribeTargetGroups',
        params: { LoadBalancerArn: str(lb.LoadBalancerArn) },
      },
    ]),
    'TargetGroups',
  ).slice(0, 10);
  if (groups.length === 0) return { name: str(lb.LoadBalancerName), groups: [] };
  const health = await call(
    groups.map((g) => ({
      service: 'elbv2',
      operation: 'DescribeTargetHealth',
      params: { TargetGroupArn: str(g.TargetGroupArn) },
    })),
  );
  const answers = listOf(health, groups.length);
  return {
    name: str(lb.LoadBalancerName),
    groups: groups.map((g, i) => ({
      name: str(g.TargetGroupName),
      port: `${str(g.Protocol, '')}:${str(g.Port, '')}`,
      targets: records(answers[i], 'TargetHealthDescriptions'),
    })),
  };
}

export function summarizeTargets(
  name: string,
  groups: readonly GroupHealth[],
): { summary: string; lines: string[] } {
  const all = groups.flatMap((g) => g.targets);
  const healthy = all.filter((t) => str(obj(t.TargetHealth).State) === 'healthy').length;
  const lines = groups.flatMap((g) => {
    const states = new Map<string, number>();
    for (const t of g.targets) {
      const state = str(obj(t.TargetHealth).State);
      states.set(state, (states.get(state) ?? 0) + 1);
    }
    const bad = g.targets.filter((t) => str(obj(t.TargetHealth).State) !== 'healthy');
    return [
      `${bad.length ? '⚠️ ' : ''}${g.name} (${g.port}): ${[...states].map(([s, n]) => `${n} ${s}`).join(', ') || 'no targets'}`,
      ...bad.map((t) => {
        const target = obj(t.Target);
        const health = obj(t.TargetHealth);
        return `  ${str(target.Id)}:${str(target.Port, '')} ${str(target.AvailabilityZone, '')} ${str(health.State)}: ${str(health.Reason, '')} ${str(health.Description, '')}`.trimEnd();
      }),
    ];
  });
  return {
    summary:
      groups.length === 0
        ? `${name}: no target groups`
        : `${name}: ${healthy}/${all.length} targets healthy in ${plural(groups.length, 'target group')}${healthy < all.length ? ' ⚠️' : ''}`,
    lines: capLines(lines),
  };
}

export const targets: OpsVerb<'targets', TargetsPlan> = {
  name: 'targets',
  aliases: ['target-health'],
  targeted: true,
  usage: '/ops <target> targets <load balancer>',
  summary: "target health per target group of a load balancer, with ELB's reasons",

  plan(words, context) {
    const raw = context?.raw ?? words;
    if (raw.length !== 1) return usage('Name one load balancer (its name or ARN).', targets);
    return { kind: 'targets', loadBalancer: raw[0]!, ...(context?.target ? { target: context.target } : {}) };
  },

  async *run(plan, turn) {
    const readable = yield* readableAccounts(
      turn,
      plan.target,
      'Targets',
      `/ops prod targets ${plan.loadBalancer}`,
    );
    if (!readable) return;
    yield {
      type: 'status',
      message: `reading target health of ${plan.loadBalancer} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const missing = new FewNamed();
    let unhealthy = 0;
    const tally = newTally();
    yield* tallied(
      eachAccountRegion({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        first: [describeLoadBalancer(plan.loadBalancer)],
        run: async (account: Account, region: string, flow): Promise<AgentEvent[]> => {
          let health: Awaited<ReturnType<typeof targetHealth>>;
          try {
            health = await targetHealth(flow, plan.loadBalancer);
          } catch (error) {
            if (!isNotFound(error)) throw error;
            missing.add(`${account.name} ${region}`);
            return [];
          }
          const summary = summarizeTargets(health.name, health.groups);
          unhealthy += health.groups
            .flatMap((g) => g.targets)
            .filter((t) => str(obj(t.TargetHealth).State) !== 'healthy').length;
          return [
            {
              type: 'result',
              account: accountRef(account),
              region,
              operation: 'elbv2 DescribeTargetHealth',
              summary: summary.summary,
              lines: summary.lines,
            },
          ];
        },
      }),
      tally,
    );
    if (tally.refused) {
      turn.answer.summary = `${plan.loadBalancer}: refused by the policy.`;
      return;
    }
    if (tally.answered === 0)
      yield {
        type: 'text',
        delta: `No load balancer ${plan.loadBalancer} in ${missing.phrase('account-region') || 'the accounts asked'}.`,
      };
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary = tally.answered
      ? `${plan.loadBalancer}: ${unhealthy ? `${plural(unhealthy, 'target')} not healthy` : 'every target healthy'}`
      : `${plan.loadBalancer}: not found`;
  },
};
