/**
 * `/ops <target> changes [1h] [region]`: what changed. CloudTrail LookupEvents for write events
 * (ReadOnly=false) in each account and region, grouped by principal and by service, newest first,
 * with the SourceIdentity a principal's session carries (the person behind a shared role).
 */

import { tryJson } from '#contracts/aws-mcp-result.ts';
import { accountRef } from '../../accounts.ts';
import type { Summary, TimeWindow } from '../../catalog/index.ts';
import { arr, capLines, obj, plural, records, str } from '../../catalog/summaries.ts';
import { callEachAccount, outcomeEvents } from '../fan-out.ts';
import { ago, HOUR_WINDOW, timeOf, windowAndRegion } from '../format.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';

export interface ChangesPlan {
  readonly kind: 'changes';
  readonly target?: string;
  readonly window: TimeWindow;
  readonly region?: string;
}

/** LookupEvents answers 50 events a page; 4 pages bound one account+region. */
const PAGES = 4;
const TOP_PRINCIPALS = 3;

interface Change {
  readonly at: number;
  readonly name: string;
  readonly service: string;
  readonly principal: string;
  readonly resource: string | undefined;
}

/** Who made a change, as a person reads it: `alice-incident via ops-breakglass (SourceIdentity alice)`. */
function principalOf(event: Record<string, unknown>): string {
  const record = obj(tryJson(str(event.CloudTrailEvent, '')));
  const identity = obj(record.userIdentity);
  const context = obj(identity.sessionContext);
  const sourceIdentity = typeof context.sourceIdentity === 'string' ? context.sourceIdentity : undefined;
  const role = str(obj(context.sessionIssuer).userName, '');
  const user =
    str(event.Username, '') || str(identity.invokedBy, '') || str(identity.userName, '') || 'unknown';
  const who = identity.type === 'AssumedRole' && role ? `${user} via ${role}` : user;
  return sourceIdentity ? `${who} (SourceIdentity ${sourceIdentity})` : who;
}

/** An ARN's readable part: `…:targetgroup/web-app/73e2d6bc24d8a067` → `web-app`; an id as it is. */
function readableName(resource: string | undefined): string | undefined {
  const parts = resource?.split(/[/:]/).filter(Boolean);
  if (!parts?.length) return undefined;
  const last = parts.at(-1)!;
  return /^[0-9a-f]{16,}$/.test(last) && parts.length > 1 ? parts.at(-2) : last;
}

function changesOf(response: unknown): Change[] {
  return records(response, 'Events')
    .map((event) => ({
      at: timeOf(event.EventTime),
      name: str(event.EventName),
      service: str(event.EventSource).replace(/\.amazonaws\.com$/, ''),
      principal: principalOf(event),
      resource: readableName(
        arr(event.Resources)
          .map((r) => str(obj(r).ResourceName, ''))
          .find(Boolean),
      ),
    }))
    .sort((a, b) => b.at - a.at);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

export function summarizeChanges(changes: readonly Change[], window: TimeWindow, now: number): Summary {
  if (changes.length === 0) return { summary: `no changes in ${window.label}`, lines: [] };
  const byPrincipal = countBy(changes, (c) => c.principal);
  const principalLines = byPrincipal.slice(0, TOP_PRINCIPALS).map(([principal, count]) => {
    const services = countBy(
      changes.filter((c) => c.principal === principal),
      (c) => c.service,
    )
      .map(([service, n]) => `${service} ${n}`)
      .join(', ');
    return `${principal}: ${count} (${services})`;
  });
  const entryLines = changes.map(
    (c) =>
      `${ago(c.at, now)} · ${c.service} ${c.name}${c.resource ? ` ${c.resource}` : ''} · ${c.principal.split(' ')[0]}`,
  );
  return {
    summary: `${plural(changes.length, 'change')} by ${plural(byPrincipal.length, 'principal')}, newest ${ago(changes[0]!.at, now)}`,
    lines: capLines([...principalLines, ...entryLines]),
  };
}

export const changes: OpsVerb<'changes', ChangesPlan> = {
  name: 'changes',
  aliases: ['changed', 'trail'],
  targeted: true,
  usage: '/ops <target> changes [1h] [region]',
  summary: 'what changed: CloudTrail write events by principal and service, newest first',

  plan(words, context) {
    const { window, region, rest } = windowAndRegion(words, HOUR_WINDOW);
    if (rest.length > 0) return usage(`Unknown word "${rest[0]}" for changes.`, changes);
    return {
      kind: 'changes',
      window,
      ...(region ? { region } : {}),
      ...(context?.target ? { target: context.target } : {}),
    };
  },

  async *run(plan, turn) {
    const readable = yield* readableAccounts(turn, plan.target, 'Changes', '/ops prod changes 1h');
    if (!readable) return;
    yield {
      type: 'status',
      message: `looking up changes of the last ${plan.window.label} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const now = turn.now();
    const call = {
      service: 'cloudtrail',
      operation: 'LookupEvents',
      params: {
        LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
        StartTime: new Date(now - plan.window.ms).toISOString(),
        EndTime: new Date(now).toISOString(),
        MaxResults: 50,
      },
      paginate: PAGES,
    };
    const all: Change[] = [];
    const tally = yield* outcomeEvents(
      callEachAccount({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        calls: [call],
        ...(plan.region ? { regionsFor: () => [plan.region!] } : {}),
      }),
      (outcome) => {
        const found = changesOf(outcome.payload);
        all.push(...found);
        const summary = summarizeChanges(found, plan.window, now);
        return [
          {
            type: 'result',
            account: accountRef(outcome.account),
            region: outcome.region,
            operation: 'cloudtrail LookupEvents',
            summary: summary.summary,
            lines: [...summary.lines],
            ...(outcome.truncated ? { truncated: outcome.truncated } : {}),
          },
        ];
      },
    );
    if (!tally) {
      turn.answer.summary = 'Changes: refused by the policy.';
      return;
    }
    const top = countBy(all, (c) => c.principal.split(' ')[0]!)
      .slice(0, TOP_PRINCIPALS)
      .map(([who, n]) => `${who} ${n}`)
      .join(', ');
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary =
      `${plural(all.length, 'change')} in ${plan.window.label} across ${plural(readable.accounts.length, 'account')}` +
      `${top ? `; most by ${top}` : ''}${tally.failed ? `; ${tally.failed} failed` : ''}${readable.refused ? `; ${readable.refused} refused` : ''}`;
  },
};
