/**
 * Runs one planned `/ops` query over authorized accounts through the bridge's query_accounts, in
 * the shards the diagnostics verbs use (fan-out.ts callEachAccount), several in flight: the
 * fan-out's progress at 0 first, then each shard's results stream out as it lands, followed by the
 * progress ("1,240 of 3,000 account-regions, 3 failed"); a large fan-out ends with a summary of
 * counts by environment and state and the failures named. Resources with a shape are answered as
 * counts and a few items per account-region. One account's or one shard's failure never fails the
 * others; a refusal by the bridge's policy is the whole answer, said once.
 */

import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import { shapeFor, summarizeShaped } from '../catalog/summaries.ts';
import type { CallOutcome } from '../fanout/ask-shard.ts';
import { LARGE_FAN_OUT } from '../fanout/progress.ts';
import { FANOUT_DEFAULTS, type FanOutSettings } from '../fanout/shards.ts';
import { FanOutTally } from '../fanout/tally.ts';
import type { ToolGateway } from '../gateway.ts';
import { callEachAccount, outcomeEvents } from './fan-out.ts';
import type { QueryPlan } from './query-plan.ts';

interface OpsQueryInput {
  readonly plan: QueryPlan;
  /** Already authorized. */
  readonly accounts: readonly Account[];
  /** The Cognito username: the bridge's `requested_by`, the STS SourceIdentity. */
  readonly requestedBy: string;
  readonly gateway: ToolGateway;
  readonly now: Date;
  /** @default FANOUT_DEFAULTS */
  readonly fanOut?: FanOutSettings;
}

interface OpsQueryOutcome {
  readonly ok: number;
  readonly failed: number;
  /** Every region a result or error came from. */
  readonly regions: string[];
}

/** The regions one account is asked in: the plan's, the global API's, else the account's own. */
function regionsFor(plan: QueryPlan, account: Account): readonly string[] {
  if (plan.region) return [plan.region];
  if (plan.resource.globalRegion) return [plan.resource.globalRegion];
  return account.regions.length > 0 ? account.regions : ['us-east-1'];
}

/**
 * The query's events; returns what came back, or undefined when the bridge's policy refused the
 * call: said once (fan-out.ts outcomeEvents), and no shard started after it.
 */
export async function* runOpsQuery(
  input: OpsQueryInput,
): AsyncGenerator<AgentEvent, OpsQueryOutcome | undefined> {
  const { plan } = input;
  // The call is data (the bridge writes the script); a resource with a shape asks for counts.
  const call = plan.resource.call(plan.filters, input.now);
  const shape = plan.resource.shape ? shapeFor(plan.resource.shape, plan.filters) : undefined;
  const operation = `${call.service} ${call.operation}`;
  const total = input.accounts.reduce((sum, account) => sum + regionsFor(plan, account).length, 0);
  const tally = new FanOutTally(total);
  const events = outcomeEvents(
    callEachAccount({
      gateway: input.gateway,
      requestedBy: input.requestedBy,
      accounts: input.accounts,
      regionsFor: (account) => regionsFor(plan, account),
      fanOut: input.fanOut ?? FANOUT_DEFAULTS,
      calls: [call],
      ...(shape ? { shape } : {}),
    }),
    (outcome) => [resultEvent(plan, operation, outcome)],
  );
  let next = await events.next();
  while (!next.done) {
    const event = next.value;
    if (event.type === 'result') tally.answered(event.account, event.region, event.tally);
    else if (event.type === 'error' && event.account)
      tally.failed(event.account, event.region ?? '', event.code, event.message);
    yield event;
    next = await events.next();
  }
  if (!next.value) return undefined;
  if (total > LARGE_FAN_OUT) {
    yield { type: 'text', delta: tally.summary(`${plan.service.title} ${plan.resource.resource}`) };
  }
  return { ok: tally.answeredCount, failed: tally.failedCount, regions: tally.regions };
}

/** One account-region's answer as its result: the shaped counts, or the response summarized. */
function resultEvent(
  plan: QueryPlan,
  operation: string,
  outcome: Extract<CallOutcome, { kind: 'answer' }>,
): Extract<AgentEvent, { type: 'result' }> {
  const summary = outcome.shaped
    ? summarizeShaped(plan.resource, outcome.shaped, plan.filters)
    : plan.resource.summarize(outcome.payload, plan.filters);
  return {
    type: 'result',
    account: accountRef(outcome.account),
    region: outcome.region,
    operation,
    summary: summary.summary,
    lines: [...summary.lines],
    ...(outcome.truncated ? { truncated: outcome.truncated } : {}),
    ...(summary.tally ? { tally: summary.tally } : {}),
  };
}
