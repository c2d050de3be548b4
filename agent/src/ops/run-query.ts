/**
 * Runs one planned `/ops` query over authorized accounts through the bridge's query_accounts: one
 * call per batch of accounts sharing their regions, batches in parallel, a result or error event per
 * account+region as each batch returns. One account's failure never fails the others.
 */

import pLimit from 'p-limit';
import { messageOf } from '#common/errors.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import { BRIDGE_TOOLS, gatewayToolName } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import type { ToolGateway } from '../gateway.ts';
import { bridgeEntries, bridgeError } from '../tool-results.ts';
import type { QueryPlan } from './query-plan.ts';

interface OpsQueryInput {
  readonly plan: QueryPlan;
  /** Already authorized. */
  readonly accounts: readonly Account[];
  /** The Cognito username: the bridge's `requested_by`, the STS SourceIdentity. */
  readonly requestedBy: string;
  readonly gateway: ToolGateway;
  readonly now: Date;
  /** Accounts per query_accounts call; smaller batches stream results sooner. @default 10 */
  readonly batchSize?: number;
  /**
   * query_accounts calls in flight at once; the bridge bounds each call's own fan-out
   * (FANOUT_CONCURRENCY), so the member accounts see at most this many times that. @default 4
   */
  readonly batchConcurrency?: number;
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

interface Batch {
  readonly accounts: readonly Account[];
  readonly regions: readonly string[];
}

function batches(plan: QueryPlan, accounts: readonly Account[], size: number): Batch[] {
  const byRegions = new Map<string, Account[]>();
  for (const account of accounts) {
    const key = regionsFor(plan, account).join(',');
    byRegions.set(key, [...(byRegions.get(key) ?? []), account]);
  }
  const out: Batch[] = [];
  for (const [key, group] of byRegions) {
    for (let i = 0; i < group.length; i += size)
      out.push({ accounts: group.slice(i, i + size), regions: key.split(',') });
  }
  return out;
}

export async function* runOpsQuery(input: OpsQueryInput): AsyncGenerator<AgentEvent, OpsQueryOutcome> {
  const { plan } = input;
  const regions = new Set<string>();
  let ok = 0;
  let failed = 0;

  const pending = new Map<number, Promise<{ index: number; events: AgentEvent[] }>>();
  const limit = pLimit(input.batchConcurrency ?? 4);
  batches(plan, input.accounts, input.batchSize ?? 10).forEach((batch, index) => {
    pending.set(
      index,
      limit(() => runBatch(input, batch)).then((events) => ({ index, events })),
    );
  });
  while (pending.size > 0) {
    const { index, events } = await Promise.race(pending.values());
    pending.delete(index);
    for (const event of events) {
      if (event.type === 'result') ok++;
      if (event.type === 'error') failed++;
      if ((event.type === 'result' || event.type === 'error') && event.region) regions.add(event.region);
      yield event;
    }
  }
  return { ok, failed, regions: [...regions] };
}

/** One query_accounts call; its transport failure becomes an error per account+region. */
async function runBatch(input: OpsQueryInput, batch: Batch): Promise<AgentEvent[]> {
  const { plan } = input;
  const events: AgentEvent[] = [];
  const failEach = (accounts: readonly Account[], region: string, code: string, message: string) => {
    for (const account of accounts)
      events.push({ type: 'error', account: accountRef(account), region, code, message });
  };
  // The call is data (the bridge writes the script); one query_accounts per region, in parallel.
  const call = plan.resource.call(plan.filters, input.now);
  const operation = `${call.service} ${call.operation}`;
  await Promise.all(
    batch.regions.map(async (region) => {
      let answer: unknown;
      try {
        answer = await input.gateway.callTool(gatewayToolName(BRIDGE_TOOLS.query_accounts.name), {
          account_ids: batch.accounts.map((a) => a.id),
          regions: [region],
          calls: [call],
          requested_by: input.requestedBy,
        });
      } catch (error) {
        failEach(batch.accounts, region, 'unavailable', messageOf(error));
        return;
      }
      const whole = bridgeError(answer);
      if (whole) {
        failEach(batch.accounts, region, whole.code, whole.message);
        return;
      }
      const entries = bridgeEntries(answer);
      const byId = new Map(batch.accounts.map((a) => [a.id, a]));
      const answered = new Set<string>();
      for (const entry of entries) {
        const account = byId.get(entry.accountId);
        if (!account) continue;
        answered.add(account.id);
        const entryRegion = entry.region ?? region;
        if (entry.error) {
          events.push({
            type: 'error',
            account: accountRef(account),
            region: entryRegion,
            code: entry.error.code,
            message: entry.error.message,
          });
          continue;
        }
        const summary = plan.resource.summarize(awsPayload(entry.result), plan.filters);
        events.push({
          type: 'result',
          account: accountRef(account),
          region: entryRegion,
          operation,
          summary: summary.summary,
          lines: [...summary.lines],
          ...(entry.truncated ? { truncated: entry.truncated } : {}),
        });
      }
      failEach(
        batch.accounts.filter((account) => !answered.has(account.id)),
        region,
        'internal',
        'The bridge returned no entry for this account.',
      );
    }),
  );
  return events;
}
