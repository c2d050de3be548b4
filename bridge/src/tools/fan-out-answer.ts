/**
 * The answer of a fan-out over account-regions (query_accounts, query_each): each account-region's
 * calls in parallel, FANOUT_CONCURRENCY at once, each failure beside the others. The answer stays
 * within MAX_RESPONSE_BYTES: each entry gets an equal share of it (at most MAX_RESULT_BYTES),
 * applied as the entry settles, so no more than the budget and the calls in flight are ever held.
 */
import type { Account } from '#contracts/registry.ts';
import { type AccountAnswer, type PreparedCalls, sizeOf } from '../account-query.ts';
import { type ToolError, toToolError } from '../errors.ts';
import { fanOut } from '../fan-out.ts';
import type { AwsCall } from '../input.ts';
import type { McpSession } from '../mcp-client.ts';
import { truncateUtf8 } from '../result.ts';
import type { CompiledShape } from '../shape.ts';
import { notEnabled, operationsOf, runInAccount, type ToolContext } from './context.ts';

/** An entry of the results: an answer, or why this account+region has none. */
export type FanOutEntry =
  | AccountAnswer
  | {
      readonly accountId: string;
      readonly accountName?: string;
      readonly environment?: string;
      readonly region?: string;
      readonly ok: false;
      readonly refused?: true;
      readonly error: ToolError['error'];
    };

export interface FanOutAnswer {
  readonly results: readonly FanOutEntry[];
  readonly summary: {
    readonly accounts: number;
    readonly ok: number;
    readonly failed: number;
    readonly refused: number;
    readonly elapsedMs: number;
  };
}

/** The answer's own fields (`{"results":[…],"summary":{…}}`), kept out of the entries' shares. */
const ANSWER_OVERHEAD_BYTES = 256;

export type FailedEntry = Extract<FanOutEntry, { ok: false }>;

const ELLIPSIS_BYTES = Buffer.byteLength('…');

/** A failed entry within `maxBytes`: its message cut to what is left of the share. */
function withinShare(entry: FailedEntry, maxBytes: number): FailedEntry {
  const over = sizeOf(entry) - maxBytes;
  if (over <= 0) return entry;
  const message = entry.error.message;
  const kept = truncateUtf8(message, Math.max(0, Buffer.byteLength(message) - over - ELLIPSIS_BYTES));
  return { ...entry, error: { ...entry.error, message: `${kept}…` } };
}

/** An account not registered and enabled, refused beside the answers (never assumed), and logged. */
export function notEnabledEntry(
  context: ToolContext,
  requestedBy: string,
  accountId: string,
  calls: readonly AwsCall[],
  region?: string,
): FailedEntry {
  context.logger.warn('account call', {
    user: requestedBy,
    account: accountId,
    ...(region ? { region } : {}),
    operations: operationsOf(calls),
    outcome: 'refused',
  });
  return {
    accountId,
    ...(region ? { region } : {}),
    ok: false,
    refused: true,
    error: toToolError(notEnabled(accountId)).error,
  };
}

/**
 * Each account's session (AssumeRole, MCP initialize) opened ahead of its calls: when a call slot
 * takes an account-region, the accounts of the next `lookahead` account-regions start opening, so
 * the slot waits only for its own call while the next sessions are made. Opened no further ahead,
 * a deadline leaves few sessions opened for calls that never run. Every region of an account shares
 * its opening, failure included.
 */
function openAhead(
  context: ToolContext,
  work: readonly AccountWork[],
  requestedBy: string,
  lookahead: number,
): (index: number) => Promise<McpSession> {
  const sessions = new Map<string, Promise<McpSession>>();
  let through = 0;
  return (index: number): Promise<McpSession> => {
    for (; through < Math.min(work.length, index + 1 + lookahead); through++) {
      const { account } = work[through]!;
      if (sessions.has(account.id)) continue;
      const opened = context.query.open(account, requestedBy);
      // Its calls report a failure, each in its account-region.
      opened.catch(() => undefined);
      sessions.set(account.id, opened);
    }
    return sessions.get(work[index]!.account.id)!;
  };
}

/** What is asked in one account and region. */
export interface AccountWork {
  readonly account: Account;
  readonly region: string;
  /** Calls asked in several places are best passed as the same array: each array is written once. */
  readonly calls: readonly AwsCall[];
}

export interface WorkOptions {
  readonly work: readonly AccountWork[];
  /** Entries answered without asking (an account not enabled), after the others. */
  readonly refused: readonly FailedEntry[];
  readonly requestedBy: string;
  readonly shape?: CompiledShape;
  /** When the tool call started (performance.now()). */
  readonly started: number;
}

/** Asks each account-region, its calls written for the AWS MCP Server once per calls array first. */
export async function answerWork(context: ToolContext, options: WorkOptions): Promise<FanOutAnswer> {
  const { config, query, deadline } = context;
  const { work, refused } = options;
  const share = Math.min(
    config.maxResultBytes,
    Math.floor((config.maxResponseBytes - ANSWER_OVERHEAD_BYTES) / Math.max(1, work.length + refused.length)),
  );
  const distinct = [...new Set(work.map((item) => item.calls))];
  // Before any account is asked: a call the CLI guard refuses as written refuses the whole tool call.
  const written = await Promise.all(distinct.map((calls) => query.prepare(calls, deadline)));
  const prepared = new Map<readonly AwsCall[], PreparedCalls>(
    distinct.map((calls, i) => [calls, written[i]!]),
  );
  const sessionFor = openAhead(context, work, options.requestedBy, config.fanoutConcurrency);
  const settled = await fanOut(
    work,
    ({ account, region, calls }, signal, index) =>
      runInAccount(
        context,
        account,
        region,
        prepared.get(calls)!,
        {
          calls,
          requestedBy: options.requestedBy,
          maxBytes: share,
          session: sessionFor(index),
          ...(options.shape ? { shape: options.shape } : {}),
        },
        signal,
      ),
    {
      concurrency: config.fanoutConcurrency,
      timeoutMs: config.accountTimeoutMs,
      ...(deadline === undefined ? {} : { deadline }),
    },
  );

  const failedAccounts = new Set<string>();
  const results: FanOutEntry[] = settled.map((outcome, index) => {
    if (outcome.ok) return outcome.value;
    const { account, region } = work[index]!;
    failedAccounts.add(account.id);
    return withinShare(
      {
        accountId: account.id,
        accountName: account.name,
        environment: account.environment,
        region,
        ok: false,
        error: toToolError(outcome.error).error,
      },
      share,
    );
  });
  const asked = new Set(work.map((item) => item.account.id)).size;
  return {
    results: [...results, ...refused.map((entry) => withinShare(entry, share))],
    summary: {
      accounts: asked + refused.length,
      ok: asked - failedAccounts.size,
      failed: failedAccounts.size,
      refused: refused.length,
      elapsedMs: Math.round(performance.now() - options.started),
    },
  };
}
