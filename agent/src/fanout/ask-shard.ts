/**
 * One shard as one query_accounts call through the Gateway, read into one outcome per
 * account-region asked: its answer, or why it has none. Whatever comes back, each account-region
 * of the shard gets exactly one outcome (a failed call fails each by name, an entry missing from
 * the answer is `internal`), and nothing outside the shard is taken from the answer.
 */
import { messageOf } from '#common/errors.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import { BRIDGE_TOOLS, gatewayToolName, type ShapeInput } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import type { CatalogCall } from '../catalog/index.ts';
import type { ShapedAnswer } from '../catalog/summaries.ts';
import type { ToolGateway } from '../gateway.ts';
import { bridgeEntries, bridgeError } from '../tool-results.ts';
import type { Shard } from './shards.ts';

/** One account+region's answer to the calls, or why it has none. */
export type CallOutcome =
  | {
      readonly kind: 'answer';
      readonly account: Account;
      readonly region: string;
      /** The AWS response (one call) or the list of responses (several). */
      readonly payload: unknown;
      /** In place of the payload when the calls were asked with a shape. */
      readonly shaped?: ShapedAnswer;
      readonly truncated?: { readonly omittedBytes: number };
    }
  | CallFailure
  /** The bridge's policy refused the calls themselves: no account of the shard was asked. */
  | { readonly kind: 'refused'; readonly message: string };

export interface CallFailure {
  readonly kind: 'failure';
  readonly account: Account;
  readonly region: string;
  readonly code: string;
  readonly message: string;
}

export interface ShardCalls {
  readonly gateway: ToolGateway;
  /** The Cognito username: the bridge's `requested_by`, the STS SourceIdentity. */
  readonly requestedBy: string;
  /** The calls, the same in every account-region. */
  readonly calls: readonly CatalogCall[];
  /** Counts and a few items per account-region instead of the whole response. */
  readonly shape?: ShapeInput;
}

/** Each account-region of the shard failed alike. */
export function failEach(shard: Shard, code: string, message: string): CallFailure[] {
  return shard.accounts.flatMap((account) =>
    shard.regions.map((region) => ({ kind: 'failure' as const, account, region, code, message })),
  );
}

/** A failure as the error event that names its account and region beside the others. */
export function failedEvent(failure: CallFailure): Extract<AgentEvent, { type: 'error' }> {
  const { account, region, code, message } = failure;
  return { type: 'error', account: accountRef(account), region, code, message };
}

/** The shard's outcomes; never rejects (a failed call is a failure of each account-region). */
export async function askShard(input: ShardCalls, shard: Shard): Promise<CallOutcome[]> {
  let answer: unknown;
  try {
    answer = await input.gateway.callTool(gatewayToolName(BRIDGE_TOOLS.query_accounts.name), {
      account_ids: shard.accounts.map((a) => a.id),
      regions: [...shard.regions],
      calls: input.calls,
      ...(input.shape ? { shape: input.shape } : {}),
      requested_by: input.requestedBy,
    });
  } catch (error) {
    return failEach(shard, 'unavailable', messageOf(error));
  }
  const whole = bridgeError(answer);
  if (whole?.code === 'refused') return [{ kind: 'refused', message: whole.message }];
  if (whole) return failEach(shard, whole.code, whole.message);

  const byId = new Map(shard.accounts.map((a) => [a.id, a]));
  const answered = new Set<string>();
  const outcomes: CallOutcome[] = [];
  for (const entry of bridgeEntries(answer)) {
    const account = byId.get(entry.accountId);
    const region = entry.region ?? shard.regions[0]!;
    const key = `${entry.accountId}#${region}`;
    // Once per account-region asked: a repeated or foreign entry is not the bridge's to add.
    if (!account || !shard.regions.includes(region) || answered.has(key)) continue;
    answered.add(key);
    outcomes.push(
      entry.error
        ? { kind: 'failure', account, region, ...entry.error }
        : {
            kind: 'answer',
            account,
            region,
            payload: awsPayload(entry.result),
            ...(entry.shaped ? { shaped: entry.shaped } : {}),
            ...(entry.truncated ? { truncated: entry.truncated } : {}),
          },
    );
  }
  const missing = failEach(shard, 'internal', 'The bridge returned no entry for this account and region.');
  return [...outcomes, ...missing.filter((m) => !answered.has(`${m.account.id}#${m.region}`))];
}
