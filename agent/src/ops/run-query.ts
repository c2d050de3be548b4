/**
 * Runs one planned `/ops` query over authorized accounts through the bridge's query_accounts, split
 * into shards (fanout/shards.ts), several in flight: the fan-out's progress at 0 first, then each
 * shard's results stream out as it lands, followed by the progress ("1,240 of 3,000 account-regions, 3 failed"); a large fan-out ends
 * with a summary of counts by environment and state and the failures named. Resources with a shape
 * are answered as counts and a few items per account-region. One account's or one shard's failure
 * never fails the others.
 */

import { messageOf } from '#common/errors.ts';
import { type AgentEvent, describeProgress } from '#contracts/agent-events.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import { BRIDGE_TOOLS, gatewayToolName } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import { type ShapedAnswer, shapeFor, summarizeShaped } from '../catalog/summaries.ts';
import { FANOUT_DEFAULTS, type FanOutSettings, planShards, runShards, type Shard } from '../fanout/shards.ts';
import { FanOutTally } from '../fanout/tally.ts';
import type { ToolGateway } from '../gateway.ts';
import { bridgeEntries, bridgeError } from '../tool-results.ts';
import type { QueryPlan } from './query-plan.ts';

/** Past this many account-regions a fan-out reports its progress and its answer opens with a summary. */
export const LARGE_FAN_OUT = 10;

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

/** One account-region's event (a result carries its items' tally when the resource lists items). */
interface ShardEvent {
  readonly event: Extract<AgentEvent, { type: 'result' | 'error' }>;
}

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
  const reportsProgress = shards.length > 1 && total > LARGE_FAN_OUT;
  // The count at 0 at once, so a chat shows the fan-out's size before its first shard lands.
  if (reportsProgress)
    yield { type: 'status', message: describeProgress(tally.progress), progress: tally.progress };
  for await (const events of runShards(shards, settings.shardsInFlight, (shard) => runShard(input, shard))) {
    for (const { event } of events) {
      const region = event.region ?? '';
      if (event.type === 'result') tally.answered(event.account, region, event.tally);
      else if (event.account) tally.failed(event.account, region, event.code, event.message);
      yield event;
    }
    if (reportsProgress) {
      const { progress } = tally;
      yield { type: 'status', message: describeProgress(progress), progress };
    }
  }
  if (total > LARGE_FAN_OUT) {
    yield { type: 'text', delta: tally.summary(`${plan.service.title} ${plan.resource.resource}`) };
  }
  return { ok: tally.answeredCount, failed: tally.failedCount, regions: tally.regions };
}

/** One query_accounts call; its transport failure becomes an error per account+region. */
async function runShard(input: OpsQueryInput, shard: Shard): Promise<ShardEvent[]> {
  const { plan } = input;
  const failEach = (code: string, message: string): ShardEvent[] =>
    shard.accounts.flatMap((account) =>
      shard.regions.map((region) => ({
        event: { type: 'error' as const, account: accountRef(account), region, code, message },
      })),
    );
  // The call is data (the bridge writes the script); a resource with a shape asks for counts.
  const call = plan.resource.call(plan.filters, input.now);
  const shape = plan.resource.shape ? shapeFor(plan.resource.shape, plan.filters) : undefined;
  let answer: unknown;
  try {
    answer = await input.gateway.callTool(gatewayToolName(BRIDGE_TOOLS.query_accounts.name), {
      account_ids: shard.accounts.map((a) => a.id),
      regions: [...shard.regions],
      calls: [call],
      ...(shape ? { shape } : {}),
      requested_by: input.requestedBy,
    });
  } catch (error) {
    return failEach('unavailable', messageOf(error));
  }
  const whole = bridgeError(answer);
  if (whole) return failEach(whole.code, whole.message);

  const operation = `${call.service} ${call.operation}`;
  const byId = new Map(shard.accounts.map((a) => [a.id, a]));
  const answered = new Set<string>();
  const events: ShardEvent[] = [];
  for (const entry of bridgeEntries(answer)) {
    const account = byId.get(entry.accountId);
    const region = entry.region ?? shard.regions[0]!;
    if (!account || !shard.regions.includes(region)) continue;
    answered.add(`${account.id}#${region}`);
    if (entry.error) {
      events.push({
        event: { type: 'error', account: accountRef(account), region, ...entry.error },
      });
      continue;
    }
    const summary = entry.shaped
      ? summarizeShaped(plan.resource, entry.shaped as ShapedAnswer, plan.filters)
      : plan.resource.summarize(awsPayload(entry.result), plan.filters);
    events.push({
      event: {
        type: 'result',
        account: accountRef(account),
        region,
        operation,
        summary: summary.summary,
        lines: [...summary.lines],
        ...(entry.truncated ? { truncated: entry.truncated } : {}),
        ...(summary.tally ? { tally: summary.tally } : {}),
      },
    });
  }
  const missing = failEach('internal', 'The bridge returned no entry for this account and region.').filter(
    ({ event }) => !answered.has(`${event.account?.id}#${event.region}`),
  );
  return [...events, ...missing];
}
