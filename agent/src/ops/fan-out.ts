/**
 * How the diagnostics verbs reach member accounts through the bridge. The same calls everywhere
 * (changes, health, metric data, aws) go as query_accounts in the shards `/ops` queries use
 * (fanout/shards.ts: whole accounts with all their regions, FANOUT_SHARDS_IN_FLIGHT calls in
 * flight), each account+region's outcome yielded as its shard lands. Flows whose next call depends
 * on the last answer (ecs, targets, logs, describe) send their first calls, the same everywhere,
 * in those shards too; their next calls, made only where an answer needs one, go many to a
 * query_each call, each account with its own (fanout/next-calls.ts), and each flow's events are
 * yielded when it is done. Both tell a large fan-out's progress. A call the bridge's policy
 * refuses is refused for every account alike: it is said once.
 */
import { messageOf } from '#common/errors.ts';
import type { AccountRef, AgentEvent, FanOutProgress } from '#contracts/agent-events.ts';
import type { ShapeInput } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import type { CatalogCall } from '../catalog/index.ts';
import { arr } from '../catalog/summaries.ts';
import { AccountCallError } from '../errors.ts';
import { askEach, askShard, type CallOutcome, failedEvent, payloadOf } from '../fanout/ask-shard.ts';
import { NextCalls } from '../fanout/next-calls.ts';
import { progressDue, progressEvent } from '../fanout/progress.ts';
import { runEach } from '../fanout/run-each.ts';
import { type FanOutSettings, planShards, type Shard } from '../fanout/shards.ts';
import type { ToolGateway } from '../gateway.ts';

/** An outcome of the fan-out, or its count so far when it is time to tell it. */
export type FanOutOutcome = CallOutcome | { readonly kind: 'progress'; readonly progress: FanOutProgress };

/** Who asks the bridge, and through what. */
export interface Caller {
  readonly gateway: ToolGateway;
  /** The Cognito username: the bridge's `requested_by`, the STS SourceIdentity. */
  readonly requestedBy: string;
}

export interface FanOutInput extends Caller {
  /** Already authorized. */
  readonly accounts: readonly Account[];
  /** Where each account is asked. @default its registered regions (us-east-1 when none) */
  readonly regionsFor?: (account: Account) => readonly string[];
  /** The turn's: how fan-outs are split into bridge calls. */
  readonly fanOut: FanOutSettings;
}

export interface SameCallsInput extends FanOutInput {
  /** The calls, the same for every account. */
  readonly calls: readonly CatalogCall[];
  /** Counts and a few items per account-region instead of the whole response. @default the whole */
  readonly shape?: ShapeInput;
}

export function accountRegions(account: Account): readonly string[] {
  return account.regions.length > 0 ? account.regions : ['us-east-1'];
}

/** Each account with the regions it is asked in, and the account-regions in all. */
function targetsOf(input: FanOutInput) {
  const regionsFor = input.regionsFor ?? accountRegions;
  const targets = input.accounts.map((account) => ({ account, regions: regionsFor(account) }));
  return { targets, total: targets.reduce((sum, target) => sum + target.regions.length, 0) };
}

/**
 * The same calls in every account+region, sharded; outcomes in the order shards land, the count
 * at 0 first and after each shard when large. A refusal is the last outcome: no shard starts after it.
 */
export async function* callEachAccount(input: SameCallsInput): AsyncGenerator<FanOutOutcome> {
  const { targets, total } = targetsOf(input);
  const shards = planShards(targets, input.fanOut);
  const progress = { done: 0, total, failed: 0 };
  if (progressDue(0, shards.length, total)) yield { kind: 'progress', progress: { ...progress } };
  // Set as the refused shard lands, before the runner starts the next one.
  let refused = false;
  const ask = async (shard: Shard): Promise<CallOutcome[]> => {
    if (refused) return [];
    const outcomes = await askShard(input, shard);
    refused ||= outcomes.some((outcome) => outcome.kind === 'refused');
    return outcomes;
  };
  let landed = 0;
  for await (const outcomes of runEach(shards, input.fanOut.shardsInFlight, ask)) {
    for (const outcome of outcomes) {
      yield outcome;
      if (outcome.kind === 'refused') return;
      progress.done += 1;
      if (outcome.kind === 'failure') progress.failed += 1;
    }
    if (progressDue(++landed, shards.length, total)) yield { kind: 'progress', progress: { ...progress } };
  }
}

/** Calls made in one account and region with the query tool; throws AccountCallError. */
export type AccountCall = (calls: readonly CatalogCall[]) => Promise<unknown>;

/** The answer of `calls` calls made at once, as a list, whether the script returned one value or several. */
export function listOf(payload: unknown, calls: number): unknown[] {
  return calls === 1 ? [payload] : arr(payload);
}

/** One account+region's flow: the answer to the first calls, and its next calls. */
export interface Flow {
  /** The answer to the flow's first calls, asked in a shard; throws AccountCallError as `call` does. */
  first(): Promise<unknown>;
  /** A next call, depending on an answer: with other flows' next calls in its region (fanout/next-calls.ts). */
  readonly call: AccountCall;
}

export interface PerAccountInput extends FanOutInput {
  /**
   * The flow's first calls, the same in every account+region: they go in the turn's shards as
   * callEachAccount's do; an account+region makes a next call only where its answer needs one
   * (the function found, a cluster to list).
   */
  readonly first: readonly CatalogCall[];
  /** One account+region's flow: its events (result, error, image). */
  readonly run: (account: Account, region: string, flow: Flow) => Promise<AgentEvent[]>;
}

/**
 * One flow per account+region, started as its first answer lands; each flow's events as it
 * finishes, its failure named; the count at 0 first and as flows finish when large (every few
 * flows past MAX_PROGRESS_UPDATES of them). A policy refusal of the first calls is said once.
 */
export async function* eachAccountRegion(input: PerAccountInput): AsyncGenerator<AgentEvent> {
  const { total } = targetsOf(input);
  const progress = { done: 0, total, failed: 0 };
  if (progressDue(0, total, total)) yield progressEvent(progress);
  // The next calls have slots of their own, as many as the shards': a question holds at most
  // twice FANOUT_SHARDS_IN_FLIGHT bridge invocations, whichever way it asks.
  const nextCalls = new NextCalls({ gateway: input.gateway, requestedBy: input.requestedBy }, input.fanOut);
  // Finished flows wait here to be told; `landing` settles when one is added. Thousands of flows
  // may be running: waiting on one signal, not racing every flow, keeps each wait O(1).
  const finished: AgentEvent[][] = [];
  let landing = signal();
  let running = 0;
  const start = (outcome: Exclude<CallOutcome, { kind: 'refused' }>): void => {
    const { account, region } = outcome;
    const flow: Flow = {
      first: async () => payloadOf(outcome),
      call: (calls) => nextCalls.call(account, region, calls),
    };
    running += 1;
    void input
      .run(account, region, flow)
      .catch((error: unknown): AgentEvent[] => [failureEvent(accountRef(account), region, error)])
      .then((events) => {
        running -= 1;
        finished.push(events);
        landing.settle();
      });
  };
  const firstAnswers = callEachAccount({ ...input, calls: input.first });
  let reading: Promise<IteratorResult<FanOutOutcome, void>> | undefined = firstAnswers.next();
  try {
    while (reading || running > 0 || finished.length > 0) {
      for (const events of finished.splice(0)) {
        progress.done += 1;
        if (events.some((event) => event.type === 'error' && event.account)) progress.failed += 1;
        yield* events;
        if (progressDue(progress.done, total, total)) yield progressEvent(progress);
      }
      if (!reading && running === 0) continue;
      // Whichever comes first: the next first answer, or a flow finishing.
      const read: IteratorResult<FanOutOutcome, void> | undefined = await Promise.race([
        ...(reading ? [reading] : []),
        landing.settled.then(() => undefined),
      ]);
      if (!read) {
        landing = signal();
        continue;
      }
      reading = read.done ? undefined : firstAnswers.next();
      // The count is told as flows finish, not as their first answers land.
      if (read.done || read.value.kind === 'progress') continue;
      if (read.value.kind === 'refused')
        yield { type: 'error', code: 'refused', message: read.value.message };
      else start(read.value);
    }
  } finally {
    // A reader that stops reading stops the shards starting.
    void firstAnswers.return(undefined);
  }
}

/** A promise settled once, on demand. */
function signal(): { readonly settled: Promise<void>; readonly settle: () => void } {
  let settle = (): void => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { settled, settle };
}

/** One account+region's calls alone, as one query_each request: a call naming its account and region (a chart). */
export function accountCall(caller: Caller, account: Account, region: string): AccountCall {
  return async (calls) => payloadOf((await askEach(caller, [{ account, region, calls }]))[0]!);
}

/** The error event for a failed account+region. */
export function failureEvent(account: AccountRef, region: string, error: unknown): AgentEvent {
  return error instanceof AccountCallError
    ? { type: 'error', account, region, code: error.code, message: error.message }
    : { type: 'error', account, region, code: 'internal', message: messageOf(error) };
}

/** Whether an AWS error message says the thing asked for is not there (in this region). */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof AccountCallError &&
    /NotFound|not found|does not exist|ResourceNotFoundException|MISSING/i.test(error.message)
  );
}

/** What came back from a fan-out, for the final summary. */
export interface Tally {
  answered: number;
  failed: number;
  /** The bridge's policy refused the calls themselves (said once, no account named). */
  refused: boolean;
  readonly regions: Set<string>;
}

export function newTally(): Tally {
  return { answered: 0, failed: 0, refused: false, regions: new Set() };
}

/** Passes events on, counting results and failures and the regions they came from. */
export async function* tallied(events: AsyncIterable<AgentEvent>, tally: Tally): AsyncGenerator<AgentEvent> {
  for await (const event of events) {
    if (event.type === 'result') tally.answered++;
    if (event.type === 'error' && event.account) tally.failed++;
    if (event.type === 'error' && !event.account && event.code === 'refused') tally.refused = true;
    if ((event.type === 'result' || event.type === 'error') && event.region) tally.regions.add(event.region);
    yield event;
  }
}

/**
 * The same calls' outcomes as events: each answer read into its events by `read`, each failure
 * named beside the others, the count told as progress. A policy refusal is the answer: said once,
 * with no Tally (undefined), marked private; ops/private-first.ts keeps the mark where it can still
 * come first (a verb sending the asker's own calls) and drops it where the channel has the answer.
 */
export async function* outcomeEvents(
  outcomes: AsyncIterable<FanOutOutcome>,
  read: (outcome: Extract<CallOutcome, { kind: 'answer' }>) => AgentEvent[],
): AsyncGenerator<AgentEvent, Tally | undefined> {
  const tally = newTally();
  async function* events(): AsyncGenerator<AgentEvent> {
    for await (const outcome of outcomes) {
      if (outcome.kind === 'refused') {
        refusal = outcome.message;
        return;
      }
      if (outcome.kind === 'progress') yield progressEvent(outcome.progress);
      else if (outcome.kind === 'failure') yield failedEvent(outcome);
      else yield* read(outcome);
    }
  }
  let refusal: string | undefined;
  yield* tallied(events(), tally);
  if (refusal === undefined) return tally;
  yield { type: 'private', reason: 'refusal' };
  yield { type: 'error', code: 'refused', message: refusal };
  return undefined;
}
