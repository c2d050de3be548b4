/**
 * `query_accounts`: the same calls over many accounts and regions, in parallel, each failure beside
 * the others, the answer within its byte budget (fan-out-answer.ts).
 */
import { MAX_ACCOUNT_REGIONS } from '#contracts/bridge-tools/fields.ts';
import type { QueryAccountsInput } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { InvalidInputError, RefusedError } from '../errors.ts';
import { guardCalls } from '../guard/index.ts';
import { toAwsCalls } from '../input.ts';
import { compileShape } from '../shape.ts';
import { defaultRegions, enforce, type ToolContext } from './context.ts';
import { answerWork, type FailedEntry, type FanOutAnswer, notEnabledEntry } from './fan-out-answer.ts';

export async function queryAccounts(input: QueryAccountsInput, context: ToolContext): Promise<FanOutAnswer> {
  const { registry } = context;
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
      refused.push(notEnabledEntry(context, input.requested_by, id, calls));
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
      calls,
    })),
  );
  if (work.length > MAX_ACCOUNT_REGIONS) {
    throw new InvalidInputError(
      `${work.length} account-regions in one call; at most ${MAX_ACCOUNT_REGIONS}: split the accounts over several calls`,
    );
  }
  return answerWork(context, {
    work,
    refused,
    requestedBy: input.requested_by,
    ...(input.shape ? { shape: compileShape(input.shape) } : {}),
    started,
  });
}
