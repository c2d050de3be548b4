/**
 * Runs one planned `/ops` query over authorized accounts through the bridge's query_accounts, split
 * into shards (fanout/shards.ts), several in flight: the fan-out's progress at 0 first, then each
 * shard's results stream out as it lands, followed by the progress ("1,240 of 3,000 account-regions, 3 failed"); a large fan-out ends
 * with a summary of counts by environment and state and the failures named. Resources with a shape
 * are answered as counts and a few items per account-region. One account's or one shard's failure
 * never fails the others.
 */

import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import { shapeFor, summarizeShaped } from '../catalog/summaries.ts';
import { askShard, failEach, failedEvent } from '../fanout/ask-shard.ts';
import { LARGE_FAN_OUT, progressDue, progressEvent } from '../fanout/progress.ts';
import { runEach } from '../fanout/run-each.ts';
import { FANOUT_DEFAULTS, type FanOutSettings, planShards, type Shard } from '../fanout/shards.ts';
import { FanOutTally } from '../fanout/tally.ts';
import type { ToolGateway } from '../gateway.ts';
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

/** One account-region's event. */
type ShardEvent = Extract<AgentEvent, { type: 'result' | 'error' }>;

/** The regions one account is asked in: the plan's, the global API's, else the account's own. */
function regionsFor(plan: QueryPlan, account: Account): readonly string[] {
  if (plan.region) return [plan.region];
  if (plan.resource.globalRegion) return [plan.resource.globalRegion];
  return account.regions.length > 0 ? account.regions : ['us-east-1'];
}

export async function* runOpsQuery(input: OpsQueryInput): AsyncGenerator<AgentEvent, OpsQueryOutcome> {
  const { plan } = input;
  const settings = input.fanOut ?? FANOUT_DEFAULTS;
  const targets = input.accounts.map((account) => ({ account, regions: regionsFor(plan, account) }));
  const total = targets.reduce((sum, target) => sum + target.regions.length, 0);
  const shards = planShards(targets, settings);
  const tally = new FanOutTally(total);
  if (progressDue(0, shards.length, total)) yield progressEvent(tally.progress);
  let landed = 0;
  for await (const events of runEach(shards, settings.shardsInFlight, (shard) => runShard(input, shard))) {
    for (const event of events) {
      const region = event.region ?? '';
      if (event.type === 'result') tally.answered(event.account, region, event.tally);
      else if (event.account) tally.failed(event.account, region, event.code, event.message);
      yield event;
    }
    if (progressDue(++landed, shards.length, total)) yield progressEvent(tally.progress);
  }
  if (total > LARGE_FAN_OUT) {
    yield { type: 'text', delta: tally.summary(`${plan.service.title} ${plan.resource.resource}`) };
  }
  return { ok: tally.answeredCount, failed: tally.failedCount, regions: tally.regions };
}

/** One query_accounts call, its outcomes as events; a refusal is each account-region's here. */
async function runShard(input: OpsQueryInput, shard: Shard): Promise<ShardEvent[]> {
  const { plan } = input;
  // The call is data (the bridge writes the script); a resource with a shape asks for counts.
  const call = plan.resource.call(plan.filters, input.now);
  const shape = plan.resource.shape ? shapeFor(plan.resource.shape, plan.filters) : undefined;
  const outcomes = await askShard(
    { gateway: input.gateway, requestedBy: input.requestedBy, calls: [call], ...(shape ? { shape } : {}) },
    shard,
  );
  const operation = `${call.service} ${call.operation}`;
  return outcomes.flatMap((outcome): ShardEvent[] => {
    if (outcome.kind === 'refused') return failEach(shard, 'refused', outcome.message).map(failedEvent);
    if (outcome.kind === 'failure') return [failedEvent(outcome)];
    const summary = outcome.shaped
      ? summarizeShaped(plan.resource, outcome.shaped, plan.filters)
      : plan.resource.summarize(outcome.payload, plan.filters);
    return [
      {
        type: 'result',
        account: accountRef(outcome.account),
        region: outcome.region,
        operation,
        summary: summary.summary,
        lines: [...summary.lines],
        ...(outcome.truncated ? { truncated: outcome.truncated } : {}),
        ...(summary.tally ? { tally: summary.tally } : {}),
      },
    ];
  });
}
