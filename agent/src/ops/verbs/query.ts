/**
 * The default verb: `/ops <target> <service> [resource] [region] [filters]`, live read-only data
 * from the accounts the target names (and the user may read here), fanned out through the bridge.
 * Plain phrasings of the same questions ("list ec2 instances in prod") plan the same query
 * (plain.ts).
 */
import { authorizeAccounts } from '#access/authorize.ts';
import { type Account, type ChannelPolicy, compareEnvironments } from '#contracts/registry.ts';
import { accountRef } from '../../accounts.ts';
import {
  catalogWords,
  type Filters,
  findResource,
  findService,
  type ResourceSpec,
  SERVICE_CATALOG,
  type ServiceSpec,
  type TimeWindow,
} from '../../catalog/index.ts';
import { type QueryPlan, queryWords } from '../query-plan.ts';
import { runOpsQuery } from '../run-query.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, type Turn, type Usage, usage } from '../verb.ts';
import { didYouMean, isRegion, parseWindow } from '../words.ts';

const USAGE = '/ops <target> <service> [resource] [region] [filters]';

function resourceWords(service: ServiceSpec): string[] {
  return service.resources.flatMap((r) => [r.resource, ...r.aliases, ...(r.states ?? [])]);
}

function windowedNames(): string[] {
  return SERVICE_CATALOG.flatMap((s) =>
    s.resources.filter((r) => r.windowed).map((r) => `${s.service} ${r.resource}`),
  );
}

/**
 * Reads [resource] [region] [filters] in any order; `onUnknown` decides what a stray word means
 * (a usage problem for `/ops`, free text for a plain question).
 */
export function buildQuery<Unknown>(
  service: ServiceSpec,
  target: string | undefined,
  words: readonly string[],
  onUnknown: (word: string) => Unknown,
): QueryPlan | Usage | Unknown {
  let resource: ResourceSpec | undefined;
  let region: string | undefined;
  let window: TimeWindow | undefined;
  let name: string | undefined;
  const stateWords: string[] = [];
  for (const word of words) {
    const named = /^name=(.+)$/.exec(word);
    const asResource = findResource(service, word);
    const asWindow = parseWindow(word);
    if (named) name = named[1];
    else if (asResource && !resource) resource = asResource;
    else if (isRegion(word)) region = word;
    else if (asWindow) window = asWindow;
    else if (word === 'last' || word === 'in' || word === 'for') continue;
    else if (service.resources.some((r) => r.states?.includes(word))) stateWords.push(word);
    else return onUnknown(word);
  }
  // A window or state word picks the resource it belongs to: `/ops all lambda 1h` → errors.
  resource ??=
    service.resources.find((r) => (window && r.windowed) || stateWords.some((s) => r.states?.includes(s))) ??
    service.resources[0];
  const state = stateWords.at(-1);
  if (state && !resource.states?.includes(state)) return onUnknown(state);
  if (window && !resource.windowed) {
    return usage(
      `A time window applies to ${windowedNames().join(', ')}, not ${service.service} ${resource.resource}.`,
      query,
    );
  }
  const filters: Filters = {
    ...(state ? { state } : {}),
    ...(window ? { window } : {}),
    ...(name ? { name } : {}),
  };
  return {
    kind: 'query',
    service,
    resource,
    filters,
    ...(target ? { target } : {}),
    ...(region ? { region } : {}),
  };
}

export const query: OpsVerb<'query', QueryPlan> = {
  name: 'query',
  usage: USAGE,
  summary:
    'live read-only data from your accounts; target: an account name, alias, 12-digit id, environment, or `all`',

  plan(words) {
    const [first, second] = words;
    if (first === undefined) return usage('Name a target and a service.', query);
    // `/ops ec2` names no target: the channel's default account answers, or the user is asked.
    const serviceFirst =
      findService(first) !== undefined && (second === undefined || findService(second) === undefined);
    const target = serviceFirst ? undefined : first;
    const rest = serviceFirst ? words : words.slice(1);
    const serviceWord = rest[0];
    if (serviceWord === undefined) return usage(`Name a service after "${first}".`, query);
    const service = findService(serviceWord);
    if (!service)
      return usage(`Unknown service "${serviceWord}".${didYouMean(serviceWord, catalogWords())}`, query);
    return buildQuery(service, target, rest.slice(1), (word) =>
      usage(`Unknown word "${word}" for ${service.title}.${didYouMean(word, resourceWords(service))}`, query),
    );
  },

  async *run(plan, turn) {
    const { answer } = turn;
    const { registry, policy } = await turn.scope();
    const what = `${plan.service.title} ${plan.resource.resource}`;
    const readable = yield* readableAccounts(
      turn,
      plan.target,
      what,
      `/ops prod ${plan.service.service} or "… in prod"`,
    );
    if (!readable) return;
    const target = plan.target ?? policy?.defaultAccount;
    const words = queryWords({ ...plan, target });
    yield {
      type: 'status',
      message: `querying ${accountsPhrase(readable.accounts.length, readable.label)} for ${what}…`,
    };
    const digest: string[] = [];
    const results = runOpsQuery({
      plan,
      accounts: readable.accounts,
      requestedBy: turn.user.username,
      gateway: readable.gateway,
      now: new Date(turn.now()),
      fanOut: turn.fanOut,
    });
    let next = await results.next();
    while (!next.done) {
      const event = next.value;
      if (event.type === 'result') digest.push(`${event.account.name} ${event.region}: ${event.summary}`);
      if (event.type === 'error' && event.account)
        digest.push(`${event.account.name} ${event.region ?? ''}: ${event.code}`);
      yield event;
      next = await results.next();
    }
    const outcome = next.value;
    if (!outcome) {
      answer.summary = `${what}: refused by the policy.`;
      return;
    }
    answer.accounts = readable.accounts.map(accountRef);
    answer.regions = outcome.regions.sort();
    answer.summary =
      `${what} in ${readable.accounts.length} account${readable.accounts.length === 1 ? '' : 's'} (${answer.regions.join(', ')}): ` +
      `${outcome.ok} answered, ${outcome.failed} failed${readable.refused ? `, ${readable.refused} refused` : ''}`;
    answer.rerun = {
      prompt: words,
      command: true,
      environments: otherEnvironments(turn, registry, policy, readable.asked).map((environment) => ({
        environment,
        prompt: queryWords({ ...plan, target: environment }),
      })),
    };
    // Memory keeps the summary and a digest, so a model follow-up ("why is one stopped?") can refer to it.
    await turn.remember({
      user: turn.request.command ? `/ops ${turn.request.command.text}` : turn.request.prompt,
      assistant: [answer.summary, ...digest.sort().slice(0, 40)].join('\n'),
      query: words,
    });
  },
};

/** The environments the user may read here besides those asked, by rank: two at most (a phone's row of buttons). */
function otherEnvironments(
  turn: Turn,
  registry: readonly Account[],
  policy: ChannelPolicy | undefined,
  asked: readonly Account[],
): string[] {
  const askedEnvironments = new Set(asked.map((account) => account.environment));
  const { allowed } = authorizeAccounts({
    groups: turn.user.groups,
    channelPolicy: policy,
    accounts: registry,
  });
  return [...new Set(allowed.map((account) => account.environment))]
    .filter((environment) => !askedEnvironments.has(environment))
    .sort(compareEnvironments)
    .slice(0, 2);
}
