/**
 * How the diagnostics verbs reach member accounts through the bridge. The same calls everywhere
 * (changes, health, metric data, aws) go as query_accounts over batches of accounts asked in the
 * same regions, batches in parallel, each account+region's outcome yielded as its batch returns.
 * Flows whose next call depends on the last answer (ecs, targets, logs, describe) run per
 * account+region with the query tool, in parallel, each yielding its events when it is done. A
 * call the bridge's policy refuses is refused for every account alike: it is said once.
 */
import pLimit from 'p-limit';
import { messageOf } from '#common/errors.ts';
import type { AccountRef, AgentEvent } from '#contracts/agent-events.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import { BRIDGE_TOOLS, gatewayToolName } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import type { CatalogCall } from '../catalog/index.ts';
import { arr } from '../catalog/summaries.ts';
import { AccountCallError } from '../errors.ts';
import type { ToolGateway } from '../gateway.ts';
import { bridgeEntries, bridgeError } from '../tool-results.ts';

/** One account+region's answer to the calls, or why it has none. */
export type CallOutcome =
  | {
      readonly kind: 'answer';
      readonly account: Account;
      readonly region: string;
      /** The AWS response (one call) or the list of responses (several). */
      readonly payload: unknown;
      readonly truncated?: { readonly omittedBytes: number };
    }
  | {
      readonly kind: 'failure';
      readonly account: Account;
      readonly region: string;
      readonly code: string;
      readonly message: string;
    }
  /** The bridge's policy refused the calls themselves: no account was asked. */
  | { readonly kind: 'refused'; readonly message: string };

export interface FanOutInput {
  readonly gateway: ToolGateway;
  /** The Cognito username: the bridge's `requested_by`, the STS SourceIdentity. */
  readonly requestedBy: string;
  /** Already authorized. */
  readonly accounts: readonly Account[];
  /** Where each account is asked. @default its registered regions (us-east-1 when none) */
  readonly regionsFor?: (account: Account) => readonly string[];
}

export interface SameCallsInput extends FanOutInput {
  /** The calls, the same for every account. */
  readonly calls: readonly CatalogCall[];
  /** Accounts per query_accounts call. @default 10 */
  readonly batchSize?: number;
  /** query_accounts calls in flight. @default 4 */
  readonly concurrency?: number;
}

export function accountRegions(account: Account): readonly string[] {
  return account.regions.length > 0 ? account.regions : ['us-east-1'];
}

/** The same calls in every account+region, batched; outcomes in the order batches return. */
export async function* callEachAccount(input: SameCallsInput): AsyncGenerator<CallOutcome> {
  const regionsFor = input.regionsFor ?? accountRegions;
  const groups = new Map<string, Account[]>();
  for (const account of input.accounts) {
    const key = regionsFor(account).join(',');
    groups.set(key, [...(groups.get(key) ?? []), account]);
  }
  const size = input.batchSize ?? 10;
  const work: { accounts: Account[]; region: string }[] = [];
  for (const [key, accounts] of groups)
    for (const region of key.split(','))
      for (let i = 0; i < accounts.length; i += size)
        work.push({ accounts: accounts.slice(i, i + size), region });

  let refused = false;
  const limit = pLimit(input.concurrency ?? 4);
  const pending = new Map<number, Promise<{ index: number; outcomes: CallOutcome[] }>>();
  work.forEach((batch, index) => {
    pending.set(
      index,
      limit(async () => (refused ? [] : batchOutcomes(input, batch.accounts, batch.region))).then(
        (outcomes) => ({
          index,
          outcomes,
        }),
      ),
    );
  });
  while (pending.size > 0) {
    const { index, outcomes } = await Promise.race(pending.values());
    pending.delete(index);
    for (const outcome of outcomes) {
      if (outcome.kind === 'refused') {
        if (refused) continue;
        refused = true;
      }
      yield outcome;
    }
  }
}

async function batchOutcomes(
  input: SameCallsInput,
  accounts: readonly Account[],
  region: string,
): Promise<CallOutcome[]> {
  const failAll = (code: string, message: string): CallOutcome[] =>
    accounts.map((account) => ({ kind: 'failure', account, region, code, message }));
  let answer: unknown;
  try {
    answer = await input.gateway.callTool(gatewayToolName(BRIDGE_TOOLS.query_accounts.name), {
      account_ids: accounts.map((a) => a.id),
      regions: [region],
      calls: input.calls,
      requested_by: input.requestedBy,
    });
  } catch (error) {
    return failAll('unavailable', messageOf(error));
  }
  const whole = bridgeError(answer);
  if (whole?.code === 'refused') return [{ kind: 'refused', message: whole.message }];
  if (whole) return failAll(whole.code, whole.message);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const outcomes: CallOutcome[] = [];
  const answered = new Set<string>();
  for (const entry of bridgeEntries(answer)) {
    const account = byId.get(entry.accountId);
    if (!account) continue;
    answered.add(account.id);
    const entryRegion = entry.region ?? region;
    outcomes.push(
      entry.error
        ? {
            kind: 'failure',
            account,
            region: entryRegion,
            code: entry.error.code,
            message: entry.error.message,
          }
        : {
            kind: 'answer',
            account,
            region: entryRegion,
            payload: awsPayload(entry.result),
            ...(entry.truncated ? { truncated: entry.truncated } : {}),
          },
    );
  }
  for (const account of accounts.filter((a) => !answered.has(a.id)))
    outcomes.push({
      kind: 'failure',
      account,
      region,
      code: 'internal',
      message: 'The bridge returned no entry for this account.',
    });
  return outcomes;
}

/** Calls made in one account and region with the query tool; throws AccountCallError. */
export type AccountCall = (calls: readonly CatalogCall[]) => Promise<unknown>;

/** The answer of `calls` calls made at once, as a list, whether the script returned one value or several. */
export function listOf(payload: unknown, calls: number): unknown[] {
  return calls === 1 ? [payload] : arr(payload);
}

export interface PerAccountInput extends FanOutInput {
  /** Account+region flows in flight. @default 8 */
  readonly concurrency?: number;
  /** One account+region's flow: its events (result, error, image). */
  readonly run: (account: Account, region: string, call: AccountCall) => Promise<AgentEvent[]>;
}

/** One flow per account+region, in parallel; each flow's events as it finishes, its failure named. */
export async function* eachAccountRegion(input: PerAccountInput): AsyncGenerator<AgentEvent> {
  const regionsFor = input.regionsFor ?? accountRegions;
  const limit = pLimit(input.concurrency ?? 8);
  const pending = new Map<number, Promise<{ index: number; events: AgentEvent[] }>>();
  let index = 0;
  for (const account of input.accounts) {
    for (const region of regionsFor(account)) {
      const at = index++;
      const call: AccountCall = (calls) => callAccount(input, account, region, calls);
      pending.set(
        at,
        limit(() => input.run(account, region, call))
          .catch((error: unknown): AgentEvent[] => [failureEvent(accountRef(account), region, error)])
          .then((events) => ({ index: at, events })),
      );
    }
  }
  while (pending.size > 0) {
    const { index: done, events } = await Promise.race(pending.values());
    pending.delete(done);
    yield* events;
  }
}

async function callAccount(
  input: FanOutInput,
  account: Account,
  region: string,
  calls: readonly CatalogCall[],
): Promise<unknown> {
  let answer: unknown;
  try {
    answer = await input.gateway.callTool(gatewayToolName(BRIDGE_TOOLS.query.name), {
      account_id: account.id,
      region,
      calls,
      requested_by: input.requestedBy,
    });
  } catch (error) {
    throw new AccountCallError('unavailable', messageOf(error));
  }
  const whole = bridgeError(answer);
  if (whole) throw new AccountCallError(whole.code, whole.message);
  const [entry] = bridgeEntries(answer, { accountId: account.id, region });
  if (!entry) throw new AccountCallError('internal', 'The bridge returned no answer.');
  if (entry.error) throw new AccountCallError(entry.error.code, entry.error.message);
  return awsPayload(entry.result);
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
  readonly regions: Set<string>;
}

export function newTally(): Tally {
  return { answered: 0, failed: 0, regions: new Set() };
}

/** Passes events on, counting results and failures and the regions they came from. */
export async function* tallied(events: AsyncIterable<AgentEvent>, tally: Tally): AsyncGenerator<AgentEvent> {
  for await (const event of events) {
    if (event.type === 'result') tally.answered++;
    if (event.type === 'error' && event.account) tally.failed++;
    if ((event.type === 'result' || event.type === 'error') && event.region) tally.regions.add(event.region);
    yield event;
  }
}

/**
 * The same calls' outcomes as events: each answer read into its events by `read`, each failure
 * named beside the others. A policy refusal is the answer: said once, and no Tally (undefined).
 */
export async function* outcomeEvents(
  outcomes: AsyncIterable<CallOutcome>,
  read: (outcome: Extract<CallOutcome, { kind: 'answer' }>) => AgentEvent[],
): AsyncGenerator<AgentEvent, Tally | undefined> {
  const tally = newTally();
  async function* events(): AsyncGenerator<AgentEvent> {
    for await (const outcome of outcomes) {
      if (outcome.kind === 'refused') {
        refusal = outcome.message;
        return;
      }
      if (outcome.kind === 'failure') {
        const { account, region, code, message } = outcome;
        yield { type: 'error', account: accountRef(account), region, code, message };
      } else yield* read(outcome);
    }
  }
  let refusal: string | undefined;
  yield* tallied(events(), tally);
  if (refusal === undefined) return tally;
  yield { type: 'error', code: 'refused', message: refusal };
  return undefined;
}
