/**
 * One shard as one query_accounts call through the Gateway (or calls differing per account-region
 * as one query_each call), read into one outcome per account-region asked: its answer, or why it
 * has none. Whatever comes back, each account-region asked gets exactly one outcome (a failed call
 * fails each by name, an entry missing from the answer is `internal`), and nothing outside what was
 * asked is taken from the answer.
 */
import { messageOf } from '#common/errors.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import {
  BRIDGE_TOOLS,
  type BridgeToolName,
  gatewayToolName,
  type ShapeInput,
} from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from '../accounts.ts';
import type { CatalogCall } from '../catalog/index.ts';
import type { ShapedAnswer } from '../catalog/summaries.ts';
import { AccountCallError } from '../errors.ts';
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

/** An outcome's payload; a failure or a policy refusal thrown as the AccountCallError it is. */
export function payloadOf(outcome: CallOutcome): unknown {
  if (outcome.kind === 'answer') return outcome.payload;
  throw new AccountCallError(outcome.kind === 'refused' ? 'refused' : outcome.code, outcome.message);
}

/** A failure as the error event that names its account and region beside the others. */
export function failedEvent(failure: CallFailure): Extract<AgentEvent, { type: 'error' }> {
  const { account, region, code, message } = failure;
  return { type: 'error', account: accountRef(account), region, code, message };
}

/** One account and region asked. */
interface Asked {
  readonly account: Account;
  readonly region: string;
}

/** The shard's outcomes; never rejects (a failed call is a failure of each account-region). */
export async function askShard(input: ShardCalls, shard: Shard): Promise<CallOutcome[]> {
  const asked = shard.accounts.flatMap((account) => shard.regions.map((region) => ({ account, region })));
  return askBridge(
    input.gateway,
    BRIDGE_TOOLS.query_accounts.name,
    {
      account_ids: shard.accounts.map((a) => a.id),
      regions: [...shard.regions],
      calls: input.calls,
      ...(input.shape ? { shape: input.shape } : {}),
      requested_by: input.requestedBy,
    },
    asked,
  );
}

/** Calls that differ per account-region, as one query_each call; never rejects, as askShard. */
export async function askEach(
  caller: Omit<ShardCalls, 'calls' | 'shape'>,
  requests: readonly (Asked & { readonly calls: readonly CatalogCall[] })[],
): Promise<CallOutcome[]> {
  return askBridge(
    caller.gateway,
    BRIDGE_TOOLS.query_each.name,
    {
      requests: requests.map(({ account, region, calls }) => ({ account_id: account.id, region, calls })),
      requested_by: caller.requestedBy,
    },
    requests,
  );
}

async function askBridge(
  gateway: ToolGateway,
  tool: BridgeToolName,
  args: Record<string, unknown>,
  asked: readonly Asked[],
): Promise<CallOutcome[]> {
  const failAll = (code: string, message: string): CallFailure[] =>
    asked.map(({ account, region }) => ({ kind: 'failure', account, region, code, message }));
  let answer: unknown;
  try {
    answer = await gateway.callTool(gatewayToolName(tool), args);
  } catch (error) {
    return failAll('unavailable', messageOf(error));
  }
  const whole = bridgeError(answer);
  if (whole?.code === 'refused') return [{ kind: 'refused', message: whole.message }];
  if (whole) return failAll(whole.code, whole.message);

  const byKey = new Map(asked.map((one) => [`${one.account.id}#${one.region}`, one]));
  const answered = new Set<string>();
  const outcomes: CallOutcome[] = [];
  for (const entry of bridgeEntries(answer)) {
    const key = `${entry.accountId}#${entry.region ?? asked[0]?.region}`;
    const one = byKey.get(key);
    // Once per account-region asked: a repeated or foreign entry is not the bridge's to add.
    if (!one || answered.has(key)) continue;
    answered.add(key);
    const { account, region } = one;
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
  const missing = failAll('internal', 'The bridge returned no entry for this account and region.');
  return [...outcomes, ...missing.filter((m) => !answered.has(`${m.account.id}#${m.region}`))];
}
