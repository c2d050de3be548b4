/**
 * `query_accounts`: the same calls over many accounts and regions, in parallel, each failure beside
 * the others. The answer stays within MAX_RESPONSE_BYTES: each entry gets an equal share of it
 * (at most MAX_RESULT_BYTES), applied as the entry settles, so no more than the budget and the
 * calls in flight are ever held.
 */
import { MAX_ACCOUNT_REGIONS } from '#contracts/bridge-tools/fields.ts';
import type { QueryAccountsInput } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { type AccountAnswer, sizeOf } from '../account-query.ts';
import { InvalidInputError, RefusedError, type ToolError, toToolError } from '../errors.ts';
import { fanOut } from '../fan-out.ts';
import { guardCalls } from '../guard/index.ts';
import { toAwsCalls } from '../input.ts';
import { truncateUtf8 } from '../result.ts';
import { compileShape } from '../shape.ts';
import {
  defaultRegions,
  enforce,
  notEnabled,
  operationsOf,
  runInAccount,
  type ToolContext,
} from './context.ts';

/** An entry of query_accounts' results: an answer, or why this account+region has none. */
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

type FailedEntry = Extract<FanOutEntry, { ok: false }>;

const ELLIPSIS_BYTES = Buffer.byteLength('…');

/** A failed entry within `maxBytes`: its message cut to what is left of the share. */
function withinShare(entry: FailedEntry, maxBytes: number): FailedEntry {
  const over = sizeOf(entry) - maxBytes;
  if (over <= 0) return entry;
  const message = entry.error.message;
  const kept = truncateUtf8(message, Math.max(0, Buffer.byteLength(message) - over - ELLIPSIS_BYTES));
  return { ...entry, error: { ...entry.error, message: `${kept}…` } };
}

export async function queryAccounts(input: QueryAccountsInput, context: ToolContext): Promise<FanOutAnswer> {
  const { config, registry, logger, query, deadline } = context;
  const started = performance.now();
  const calls = toAwsCalls(input.calls);
  enforce(guardCalls(calls));
  const all = input.all === true || input.environment?.toLowerCase() === 'all';

  const enabled = await registry.listEnabled();
  let targets: Account[];
  const refused: FailedEntry[] = [];
  if (input.account_ids) {
    const wanted = new Set(input.account_ids);
    targets = enabled.filter((account) => wanted.has(account.id));
    const found = new Set(targets.map((account) => account.id));
    for (const id of [...wanted].filter((accountId) => !found.has(accountId))) {
      refused.push({ accountId: id, ok: false, refused: true, error: toToolError(notEnabled(id)).error });
      logger.warn('account call', {
        user: input.requested_by,
        account: id,
        operations: operationsOf(calls),
        outcome: 'refused',
      });
    }
  } else {
    targets = all ? enabled : enabled.filter((account) => account.environment === input.environment);
  }
  if (targets.length === 0 && refused.length === 0) {
    throw new RefusedError(
      `no registered, enabled account in environment ${all ? 'all' : (input.environment ?? 'all')}`,
    );
  }

  const work = targets.flatMap((account) =>
    (input.regions ? [...new Set(input.regions)] : defaultRegions(context, account)).map((region) => ({
      account,
      region,
    })),
  );
  if (work.length > MAX_ACCOUNT_REGIONS) {
    throw new InvalidInputError(
      `${work.length} account-regions in one call; at most ${MAX_ACCOUNT_REGIONS}: split the accounts over several calls`,
    );
  }
  const share = Math.min(
    config.maxResultBytes,
    Math.floor((config.maxResponseBytes - ANSWER_OVERHEAD_BYTES) / Math.max(1, work.length + refused.length)),
  );
  const call = {
    calls,
    requestedBy: input.requested_by,
    maxBytes: share,
    ...(input.shape ? { shape: compileShape(input.shape) } : {}),
  };
  const prepared = work.length > 0 ? await query.prepare(calls, deadline) : undefined;
  const settled = await fanOut(
    work,
    ({ account, region }, signal) => runInAccount(context, account, region, prepared!, call, signal),
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
  return {
    results: [...results, ...refused.map((entry) => withinShare(entry, share))],
    summary: {
      accounts: targets.length + refused.length,
      ok: targets.length - failedAccounts.size,
      failed: failedAccounts.size,
      refused: refused.length,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}
