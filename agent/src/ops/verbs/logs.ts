/**
 * `/ops <target> logs <group | lambda name | ecs service> [filter text | Logs Insights query] [15m]`:
 * recent matching log events in each account and region. The name is read as a log group (`/…`),
 * else the Lambda function's group, else a group ending in it, else the ECS service's awslogs group
 * (its task definition's). Filter text goes to FilterLogEvents (bounded); text with a `|` or
 * starting with a Logs Insights command runs as a query (StartQuery, then GetQueryResults polled
 * until it completes or the deadline passes).
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import type { CatalogCall, TimeWindow } from '../../catalog/index.ts';
import { arr, capLines, obj, plural, records, str } from '../../catalog/summaries.ts';
import { AccountCallError } from '../../errors.ts';
import { FewNamed } from '../../fanout/few-named.ts';
import { type AccountCall, eachAccountRegion, isNotFound, listOf, newTally, tallied } from '../fan-out.ts';
import { ago, windowAndRegion } from '../format.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';
import { clusterNames, LIST_CLUSTERS } from './ecs.ts';

export interface LogsPlan {
  readonly kind: 'logs';
  readonly target?: string;
  /** As typed: a log group, a Lambda function or an ECS service. */
  readonly source: string;
  readonly filter: string;
  /** Whether `filter` is a Logs Insights query. */
  readonly insights: boolean;
  readonly window: TimeWindow;
  readonly region?: string;
}

const FIFTEEN_MINUTES: TimeWindow = { label: '15m', ms: 15 * 60_000 };
const INSIGHTS_COMMANDS = /^(fields|filter|stats|sort|parse|display|limit|dedup|pattern|unmask)\b/i;
/** Events one FilterLogEvents reads: enough for the latest lines, bounded for the answer's size. */
const FILTER_LIMIT = 200;
const QUERY_LIMIT = 100;
/** How long a Logs Insights query may run before the answer says so. @default 20 s */
const QUERY_DEADLINE_MS = 20_000;
const MESSAGE_CHARS = 160;

interface LogGroupChoice {
  readonly group: string;
  readonly streamPrefix?: string;
}

type Resolution = LogGroupChoice | { readonly ambiguous: readonly string[] } | undefined;

/** A source starting with `/` is a log group's name; any other is looked for among the groups. */
const isGroupName = (source: string): boolean => source.startsWith('/');

/** The log groups whose name holds the source's: the first call when the source is not a group's name. */
function matchingGroups(source: string): CatalogCall {
  return {
    service: 'logs',
    operation: 'DescribeLogGroups',
    params: { logGroupNamePattern: source, limit: 50 },
  };
}

/** Where the source's lines are in one account and region, from the groups matching its name. */
async function resolveGroup(source: string, matching: unknown, call: AccountCall): Promise<Resolution> {
  const groups = records(matching, 'logGroups').map((g) => str(g.logGroupName));
  const lambda = groups.find((g) => g === `/aws/lambda/${source}`);
  if (lambda) return { group: lambda };
  const ending = groups.filter((g) => g.endsWith(`/${source}`));
  if (ending.length === 1) return { group: ending[0]! };
  const service = await ecsServiceGroup(source, call);
  if (service) return service;
  if (ending.length > 1) return { ambiguous: ending };
  if (groups.length === 1) return { group: groups[0]! };
  return groups.length > 1 ? { ambiguous: groups } : undefined;
}

/** The awslogs group (and stream prefix) of the ECS service of that name, in any cluster. */
async function ecsServiceGroup(name: string, call: AccountCall): Promise<LogGroupChoice | undefined> {
  const clusters = clusterNames(await call([LIST_CLUSTERS]));
  if (clusters.length === 0) return undefined;
  const described = await call(
    clusters.map((cluster) => ({
      service: 'ecs',
      operation: 'DescribeServices',
      params: { cluster, services: [name] },
    })),
  );
  const answers = listOf(described, clusters.length);
  const taskDefinition = answers
    .flatMap((a) => records(a, 'services'))
    .map((s) => str(s.taskDefinition, '').split('/').at(-1) ?? '')[0];
  if (!taskDefinition) return undefined;
  // family:revision, as ECS takes it: the same call wherever the same revision is deployed.
  const definition = obj(
    obj(await call([{ service: 'ecs', operation: 'DescribeTaskDefinition', params: { taskDefinition } }]))
      .taskDefinition,
  );
  for (const container of records(definition, 'containerDefinitions')) {
    const options = obj(obj(container.logConfiguration).options);
    const group = options['awslogs-group'];
    if (typeof group === 'string') {
      const prefix = options['awslogs-stream-prefix'];
      return {
        group,
        ...(typeof prefix === 'string' ? { streamPrefix: `${prefix}/${str(container.name)}/` } : {}),
      };
    }
  }
  return undefined;
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_CHARS ? `${flat.slice(0, MESSAGE_CHARS)}…` : flat;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** The call reading the group: FilterLogEvents, or StartQuery for a Logs Insights query. */
function readCall(plan: LogsPlan, choice: LogGroupChoice, now: number): CatalogCall {
  return plan.insights
    ? {
        service: 'logs',
        operation: 'StartQuery',
        params: {
          logGroupNames: [choice.group],
          startTime: Math.floor((now - plan.window.ms) / 1000),
          endTime: Math.ceil(now / 1000),
          queryString: plan.filter,
          limit: QUERY_LIMIT,
        },
      }
    : {
        service: 'logs',
        operation: 'FilterLogEvents',
        params: {
          logGroupName: choice.group,
          startTime: now - plan.window.ms,
          endTime: now,
          limit: FILTER_LIMIT,
          ...(plan.filter ? { filterPattern: plan.filter } : {}),
          ...(choice.streamPrefix ? { logStreamNamePrefix: choice.streamPrefix } : {}),
        },
      };
}

interface LogsReading {
  readonly summary: string;
  readonly lines: string[];
}

/** The group's lines from readCall's answer: the events read, or the query's rows once it completes. */
async function readLogs(
  plan: LogsPlan,
  choice: LogGroupChoice,
  answer: unknown,
  call: AccountCall,
  now: number,
): Promise<LogsReading> {
  return plan.insights ? insightsQuery(plan, choice, answer, call) : filterEvents(plan, choice, answer, now);
}

function filterEvents(plan: LogsPlan, choice: LogGroupChoice, response: unknown, now: number): LogsReading {
  const events = records(response, 'events')
    .map((e) => ({ at: Number(e.timestamp), message: str(e.message, '') }))
    .sort((a, b) => b.at - a.at);
  const more = events.length >= FILTER_LIMIT || Boolean(obj(response).nextToken);
  const what = plan.filter ? `matching "${plan.filter}"` : '';
  if (events.length === 0)
    return {
      summary: `${choice.group}: no events ${what} in ${plan.window.label}`.replace('  ', ' '),
      lines: [],
    };
  return {
    summary:
      `${choice.group}: ${more ? `${events.length}+` : events.length} event${events.length === 1 ? '' : 's'}` +
      `${what ? ` ${what}` : ''} in ${plan.window.label}, newest ${ago(events[0]!.at, now)}`,
    lines: capLines([
      ...events.map((e) => `${clock(e.at)} ${oneLine(e.message)}`),
      ...(more
        ? [
            `(the first ${FILTER_LIMIT} of the window were read: narrow the filter or the window for the rest)`,
          ]
        : []),
    ]),
  };
}

async function insightsQuery(
  plan: LogsPlan,
  choice: LogGroupChoice,
  started: unknown,
  call: AccountCall,
): Promise<LogsReading> {
  const queryId = str(obj(started).queryId, '');
  if (!queryId) throw new AccountCallError('internal', 'StartQuery returned no query id.');
  const deadline = Date.now() + QUERY_DEADLINE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    const answer = obj(await call([{ service: 'logs', operation: 'GetQueryResults', params: { queryId } }]));
    const status = str(answer.status, 'Unknown');
    if (status === 'Complete') {
      const rows = arr(answer.results).map((row) =>
        arr(row)
          .map(obj)
          .filter((cell) => cell.field !== '@ptr')
          .map((cell) =>
            cell.field === '@message'
              ? oneLine(str(cell.value, ''))
              : `${str(cell.field)}=${str(cell.value, '')}`,
          )
          .join(' '),
      );
      const scanned = Number(obj(answer.statistics).recordsScanned ?? 0);
      return {
        summary: `${choice.group}: Logs Insights, ${plural(rows.length, 'row')} (${scanned} records scanned in ${plan.window.label})`,
        lines: capLines(rows),
      };
    }
    if (status !== 'Running' && status !== 'Scheduled')
      throw new AccountCallError('unavailable', `The Logs Insights query ended ${status}.`);
    if (Date.now() + wait > deadline)
      throw new AccountCallError(
        'timeout',
        `The Logs Insights query was still running after ${QUERY_DEADLINE_MS / 1000} s (query id ${queryId}).`,
      );
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export const logs: OpsVerb<'logs', LogsPlan> = {
  name: 'logs',
  aliases: ['log'],
  targeted: true,
  usage:
    '/ops <target> logs <group | lambda | ecs service> [filter text | Logs Insights query] [15m] [region]',
  summary: 'recent matching log events, or a Logs Insights query when the text has a |',

  plan(words, context) {
    const raw = context?.raw ?? words;
    const [source, ...others] = raw;
    if (source === undefined || words.length === 0)
      return usage('Name a log group, a Lambda function or an ECS service.', logs);
    const { window, region, rest } = windowAndRegion(others, FIFTEEN_MINUTES);
    const filter = rest.join(' ');
    return {
      kind: 'logs',
      source,
      filter,
      insights: filter.includes('|') || INSIGHTS_COMMANDS.test(filter),
      window,
      ...(region ? { region } : {}),
      ...(context?.target ? { target: context.target } : {}),
    };
  },

  async *run(plan, turn) {
    const readable = yield* readableAccounts(turn, plan.target, 'Logs', `/ops prod logs ${plan.source}`);
    if (!readable) return;
    yield {
      type: 'status',
      message: `${plan.insights ? 'querying' : 'reading'} ${plan.source} logs of the last ${plan.window.label} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const now = turn.now();
    const missing = new FewNamed();
    const tally = newTally();
    yield* tallied(
      eachAccountRegion({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        ...(plan.region ? { regionsFor: () => [plan.region!] } : {}),
        // A group's name is read at once; any other name is looked for first.
        first: [
          isGroupName(plan.source)
            ? readCall(plan, { group: plan.source }, now)
            : matchingGroups(plan.source),
        ],
        run: async (account: Account, region: string, { first, call }): Promise<AgentEvent[]> => {
          const ref = accountRef(account);
          let choice: Resolution;
          // A group named outright was read by the first call.
          let read: unknown;
          try {
            if (isGroupName(plan.source)) {
              read = await first();
              choice = { group: plan.source };
            } else choice = await resolveGroup(plan.source, await first(), call);
          } catch (error) {
            if (!isNotFound(error)) throw error;
            choice = undefined;
          }
          if (!choice) {
            missing.add(`${account.name} ${region}`);
            return [];
          }
          if ('ambiguous' in choice) {
            return [
              {
                type: 'result',
                account: ref,
                region,
                operation: 'logs DescribeLogGroups',
                summary: `${plural(choice.ambiguous.length, 'log group')} match "${plan.source}": name one`,
                lines: capLines([...choice.ambiguous]),
              },
            ];
          }
          if (!isGroupName(plan.source)) read = await call([readCall(plan, choice, now)]);
          const reading = await readLogs(plan, choice, read, call, now);
          const operation = plan.insights ? 'logs StartQuery' : 'logs FilterLogEvents';
          return [{ type: 'result', account: ref, region, operation, ...reading }];
        },
      }),
      tally,
    );
    if (tally.refused) {
      turn.answer.summary = `${plan.source} logs: refused by the policy.`;
      return;
    }
    if (missing.count > 0) {
      yield {
        type: 'text',
        delta: `No log group for "${plan.source}" in ${missing.phrase('account-region')}.`,
      };
    }
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary =
      `${plan.source} logs (${plan.window.label}) in ${plural(readable.accounts.length, 'account')}: ` +
      `${tally.answered} answered${missing.count ? `, ${missing.count} without that log group` : ''}` +
      `${tally.failed ? `, ${tally.failed} failed` : ''}${readable.refused ? `, ${readable.refused} refused` : ''}`;
  },
};
