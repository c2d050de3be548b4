/**
 * What every tool handler is given, and the steps they share. Order inside each tool: validate the
 * input (input.ts), guard (pure, before any network call), registry (registered + enabled, before
 * STS), then STS and the MCP call per account.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccountRegistry } from '#access/account-registry.ts';
import type { Account } from '#contracts/registry.ts';
import type { AccountAnswer, AccountQuery, PreparedCalls } from '../account-query.ts';
import type { BridgeConfig } from '../config.ts';
import { RefusedError, toToolError } from '../errors.ts';
import type { GuardDecision } from '../guard/index.ts';
import type { AwsCall } from '../input.ts';
import type { McpSession } from '../mcp-client.ts';
import type { CompiledShape } from '../shape.ts';

export interface ToolContext {
  readonly config: BridgeConfig;
  readonly registry: AccountRegistry;
  readonly query: AccountQuery;
  readonly logger: Logger;
  /** Epoch ms by which the answer must be out (see FanOutOptions.deadline); undefined: none. */
  readonly deadline: number | undefined;
}

/** The calls of one query, who they are made for, and how each account's answer is shaped. */
export interface CallsFor {
  readonly calls: readonly AwsCall[];
  readonly requestedBy: string;
  /** @default the tool's output as it is */
  readonly shape?: CompiledShape;
  /** Each account's answer within this many bytes. @default MAX_RESULT_BYTES */
  readonly maxBytes?: number;
  /** The account's session, opened ahead. @default opened by the call */
  readonly session?: Promise<McpSession>;
}

/** The guard runs first: a refused call reaches neither the registry, STS nor the MCP server. */
export function enforce(decision: GuardDecision): void {
  if (!decision.allowed) throw new RefusedError(decision.reason);
}

export function notEnabled(accountId: string): RefusedError {
  return new RefusedError(`account ${accountId} is not a registered, enabled account`);
}

/** Where a call goes when the caller names no region: the account's regions, else the bridge's. */
export function defaultRegions(context: ToolContext, account: Account): readonly string[] {
  return account.regions.length > 0 ? account.regions : [context.config.region];
}

/** `ec2.DescribeInstances, s3.ListBuckets`: what a log line names, never the params. */
export function operationsOf(calls: readonly AwsCall[]): string {
  return calls.map((call) => `${call.service}.${call.operation}`).join(', ');
}

/** One account+region call, logged with its outcome. */
export async function runInAccount(
  context: ToolContext,
  account: Account,
  region: string,
  prepared: PreparedCalls,
  call: CallsFor,
  signal: AbortSignal,
): Promise<AccountAnswer> {
  const { logger, query } = context;
  const started = performance.now();
  const fields = {
    user: call.requestedBy,
    account: account.id,
    region,
    tool: prepared.toolName,
    operations: operationsOf(call.calls),
  };
  try {
    const answer = await query.run({
      account,
      region,
      prepared,
      requestedBy: call.requestedBy,
      signal,
      ...(call.shape ? { shape: call.shape } : {}),
      ...(call.maxBytes === undefined ? {} : { maxBytes: call.maxBytes }),
      ...(call.session ? { session: call.session } : {}),
    });
    logger.info('account call', {
      ...fields,
      outcome: 'ok',
      elapsedMs: Math.round(performance.now() - started),
    });
    return answer;
  } catch (error) {
    const elapsedMs = Math.round(performance.now() - started);
    logger.warn('account call', { ...fields, outcome: 'failed', elapsedMs, error: toToolError(error).error });
    throw error;
  }
}
