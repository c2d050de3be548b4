/**
 * `/ops <target> health`: open and upcoming AWS Health events for the target's accounts, in their
 * regions (and global ones). The Health API answers from its global endpoint in us-east-1, once per
 * account, for every region.
 */
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import type { Summary } from '../../catalog/index.ts';
import { capLines, plural, records, str } from '../../catalog/summaries.ts';
import { accountRegions, callEachAccount, outcomeEvents } from '../fan-out.ts';
import { ago, timeOf } from '../format.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';

export interface HealthPlan {
  readonly kind: 'health';
  readonly target?: string;
}

/** The Health API's one endpoint. */
const HEALTH_REGION = 'us-east-1';

export function summarizeHealth(response: unknown, account: Account, now: number): Summary {
  const wanted = new Set([...accountRegions(account), 'global']);
  const events = records(response, 'events')
    .filter((e) => wanted.has(str(e.region, 'global')))
    .sort((a, b) => (a.statusCode === 'open' ? -1 : 0) - (b.statusCode === 'open' ? -1 : 0));
  const open = events.filter((e) => e.statusCode === 'open');
  const issues = open.filter((e) => e.eventTypeCategory === 'issue');
  const upcoming = events.length - open.length;
  const summary =
    events.length === 0
      ? 'no open AWS Health events'
      : [
          issues.length ? `⚠️ ${plural(issues.length, 'open issue')}` : '',
          open.length - issues.length ? plural(open.length - issues.length, 'open notice') : '',
          upcoming ? `${upcoming} upcoming` : '',
        ]
          .filter(Boolean)
          .join(', ');
  return {
    summary,
    lines: capLines(
      events.map((e) => {
        const start = timeOf(e.startTime);
        const when = e.statusCode === 'upcoming' ? `starts ${ago(start, now)}` : `since ${ago(start, now)}`;
        return `${str(e.statusCode)} · ${str(e.service)} ${str(e.eventTypeCode)} · ${str(e.region, 'global')} · ${when}`;
      }),
    ),
  };
}

export const health: OpsVerb<'health', HealthPlan> = {
  name: 'health',
  targeted: true,
  usage: '/ops <target> health',
  summary: 'open and upcoming AWS Health events for those accounts and their regions',

  plan: (words, context) =>
    words.length > 0
      ? usage('`health` takes no more words.', health)
      : { kind: 'health', ...(context?.target ? { target: context.target } : {}) },

  async *run(plan, turn) {
    const readable = yield* readableAccounts(turn, plan.target, 'Health', '/ops prod health');
    if (!readable) return;
    yield {
      type: 'status',
      message: `reading AWS Health for ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const now = turn.now();
    const regions = [...new Set([...readable.accounts.flatMap(accountRegions), 'global'])];
    let issues = 0;
    const tally = yield* outcomeEvents(
      callEachAccount({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        regionsFor: () => [HEALTH_REGION],
        calls: [
          {
            service: 'health',
            operation: 'DescribeEvents',
            params: { filter: { eventStatusCodes: ['open', 'upcoming'], regions }, maxResults: 100 },
          },
        ],
      }),
      (outcome) => {
        const summary = summarizeHealth(outcome.payload, outcome.account, now);
        issues += summary.summary.startsWith('⚠️') ? 1 : 0;
        return [
          {
            type: 'result',
            account: accountRef(outcome.account),
            region: outcome.region,
            operation: 'health DescribeEvents',
            summary: summary.summary,
            lines: [...summary.lines],
          },
        ];
      },
    );
    if (!tally) {
      turn.answer.summary = 'Health: refused by the policy.';
      return;
    }
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [HEALTH_REGION];
    turn.answer.summary =
      `AWS Health for ${plural(readable.accounts.length, 'account')}: ` +
      `${issues ? `${plural(issues, 'account')} with an open issue` : 'no open issue'}` +
      `${tally.failed ? `; ${tally.failed} failed` : ''}${readable.refused ? `; ${readable.refused} refused` : ''}`;
  },
};
