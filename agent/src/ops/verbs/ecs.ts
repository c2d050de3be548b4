/**
 * `/ops <target> ecs [cluster]`: ECS services with desired/running/pending and their last events,
 * per cluster, unhealthy ones first. `/ops <target> ecs clusters` still lists the clusters (the
 * catalog's ECS service).
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import { type CatalogCall, findResource, findService } from '../../catalog/index.ts';
import { arr, capLines, type Json, lastSegment, obj, plural, records, str } from '../../catalog/summaries.ts';
import { eachAccountRegion, type Flow, isNotFound, listOf, newTally, tallied } from '../fan-out.ts';
import { ago, timeOf } from '../format.ts';
import type { QueryPlan } from '../query-plan.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';
import { query } from './query.ts';

export interface EcsPlan {
  readonly kind: 'ecs';
  readonly target?: string;
  readonly cluster?: string;
  /** `/ops prod ecs clusters`: a resource of the catalog's ECS service, answered by the query verb. */
  readonly catalog?: QueryPlan;
}

/** DescribeServices takes 10 services a call; a script takes 10 calls. */
const SERVICES_PER_CALL = 10;
const MAX_CLUSTERS = 10;

export const LIST_CLUSTERS: CatalogCall = { service: 'ecs', operation: 'ListClusters', params: {} };

/**
 * The names of the ECS clusters in a ListClusters answer, the first MAX_CLUSTERS. Calls name
 * clusters and services by name, as ECS accepts: shorter than ARNs, and the same calls where the
 * names are the same.
 */
export function clusterNames(listed: unknown): string[] {
  return arr(obj(listed).clusterArns)
    .map((a) => lastSegment(str(a, '')))
    .filter(Boolean)
    .slice(0, MAX_CLUSTERS);
}

const listServices = (cluster: string): CatalogCall => ({
  service: 'ecs',
  operation: 'ListServices',
  params: { cluster, maxResults: 100 },
});

/** The flow's first call: the named cluster's services, else the clusters. */
function firstCall(cluster: string | undefined): CatalogCall {
  return cluster ? listServices(cluster) : LIST_CLUSTERS;
}

async function servicesOf({ first, call }: Flow, cluster: string | undefined): Promise<Json[]> {
  const clusters = cluster ? [cluster] : clusterNames(await first());
  if (clusters.length === 0) return [];
  const listed = cluster ? [await first()] : listOf(await call(clusters.map(listServices)), clusters.length);
  const requests = clusters.flatMap((c, i) => {
    const names = arr(obj(listed[i]).serviceArns)
      .map((a) => lastSegment(str(a, '')))
      .filter(Boolean);
    const chunks: { cluster: string; services: string[] }[] = [];
    for (let at = 0; at < names.length; at += SERVICES_PER_CALL)
      chunks.push({ cluster: c, services: names.slice(at, at + SERVICES_PER_CALL) });
    return chunks;
  });
  const services: Json[] = [];
  for (let at = 0; at < requests.length; at += 10) {
    const batch = requests.slice(at, at + 10);
    const described = listOf(
      await call(batch.map((r) => ({ service: 'ecs', operation: 'DescribeServices', params: r }))),
      batch.length,
    );
    services.push(...described.flatMap((d) => records(d, 'services')));
  }
  return services;
}

export function summarizeServices(
  services: readonly Json[],
  now: number,
): { summary: string; lines: string[] } {
  if (services.length === 0) return { summary: 'no ECS services', lines: [] };
  const unhealthy = (s: Json) =>
    Number(s.runningCount) < Number(s.desiredCount) || Number(s.pendingCount) > 0;
  const sorted = [...services].sort((a, b) => Number(unhealthy(b)) - Number(unhealthy(a)));
  const clusters = new Set(services.map((s) => lastSegment(str(s.clusterArn))));
  const bad = services.filter(unhealthy).length;
  const lines = sorted.flatMap((s) => {
    const events = records(s, 'events');
    const shown = unhealthy(s) ? events.slice(0, 2) : events.slice(0, 1);
    return [
      `${unhealthy(s) ? '⚠️ ' : ''}${str(s.serviceName)} (${lastSegment(str(s.clusterArn))}): ${str(s.runningCount)}/${str(s.desiredCount)} running, ${str(s.pendingCount)} pending`,
      ...shown.map(
        (e) => `  ${ago(timeOf(e.createdAt), now)}: ${str(e.message).replace(/^\(service [^)]+\) /, '')}`,
      ),
    ];
  });
  return {
    summary: `${plural(services.length, 'service')} in ${plural(clusters.size, 'cluster')}: ${bad ? `⚠️ ${bad} not at desired count` : 'all at desired count'}`,
    lines: capLines(lines),
  };
}

export const ecs: OpsVerb<'ecs', EcsPlan> = {
  name: 'ecs',
  aliases: ['services'],
  targeted: true,
  usage: '/ops <target> ecs [cluster]',
  summary: 'ECS services: desired/running/pending and their last events',

  plan(words, context) {
    const raw = context?.raw ?? words;
    const [first] = words;
    // `/ops prod ecs clusters`: the catalog's resources of ECS.
    if (first && findResource(findService('ecs')!, first)) {
      const catalog = query.plan([...(context?.target ? [context.target] : []), 'ecs', ...words]);
      return catalog.kind === 'usage' ? catalog : { kind: 'ecs', catalog };
    }
    if (words.length > 1) return usage('Name one cluster at most.', ecs);
    return {
      kind: 'ecs',
      ...(raw[0] ? { cluster: raw[0] } : {}),
      ...(context?.target ? { target: context.target } : {}),
    };
  },

  async *run(plan, turn) {
    if (plan.catalog) {
      yield* query.run(plan.catalog, turn);
      return;
    }
    const readable = yield* readableAccounts(turn, plan.target, 'ECS', '/ops prod ecs');
    if (!readable) return;
    yield {
      type: 'status',
      message: `reading ECS services${plan.cluster ? ` of ${plan.cluster}` : ''} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const now = turn.now();
    let degraded = 0;
    let services = 0;
    const tally = newTally();
    yield* tallied(
      eachAccountRegion({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        first: [firstCall(plan.cluster)],
        run: async (account: Account, region: string, flow): Promise<AgentEvent[]> => {
          let found: Json[];
          try {
            found = await servicesOf(flow, plan.cluster);
          } catch (error) {
            // A named cluster lives in one region: elsewhere it is simply not there.
            if (plan.cluster && isNotFound(error)) return [];
            throw error;
          }
          services += found.length;
          degraded += found.filter((s) => Number(s.runningCount) < Number(s.desiredCount)).length;
          const summary = summarizeServices(found, now);
          return [
            {
              type: 'result',
              account: accountRef(account),
              region,
              operation: 'ecs DescribeServices',
              summary: summary.summary,
              lines: summary.lines,
            },
          ];
        },
      }),
      tally,
    );
    if (tally.refused) {
      turn.answer.summary = 'ECS: refused by the policy.';
      return;
    }
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary =
      `${plural(services, 'ECS service')} in ${plural(readable.accounts.length, 'account')}: ` +
      `${degraded ? `${degraded} below desired count` : 'all at desired count'}` +
      `${tally.failed ? `; ${tally.failed} failed` : ''}${readable.refused ? `; ${readable.refused} refused` : ''}`;
  },
};
