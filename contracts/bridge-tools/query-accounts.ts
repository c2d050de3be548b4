/** `query_accounts`: the same read-only calls across many accounts in parallel. */
import * as z from 'zod/mini';
import { accountIds, calls, environment, optional, regions } from './fields.ts';
import { shape } from './shape.ts';
import { defineBridgeTool } from './tool.ts';

export const queryAccounts = defineBridgeTool({
  name: 'query_accounts',
  description:
    'Make the same read-only AWS API calls across many accounts in parallel. Returns one entry per account and region (result or error) in registry order, plus a summary of accounts ok / failed / refused and elapsed ms. The answer is kept under a byte budget shared by its entries: give shape to get counts and the matching items of each instead of whole responses.',
  fields: {
    account_ids: optional(accountIds, 'Account ids to query. Give this, or environment, or all.'),
    environment: optional(
      environment,
      'Query every enabled account of this environment (prod, staging, dev, ...); "all" means every enabled account.',
    ),
    all: optional(
      z.boolean({ error: 'must be true or false' }),
      'Query every enabled account of the registry.',
    ),
    calls,
    regions: optional(
      regions,
      "Regions to query in each account. Defaults to each account's registered regions.",
    ),
    shape: optional(shape),
  },
  rule: (input) => {
    const environmentAll = input.environment?.toLowerCase() === 'all';
    const given = [
      input.account_ids !== undefined,
      input.environment !== undefined && !environmentAll,
      input.all === true || environmentAll,
    ];
    if (given.filter(Boolean).length !== 1) return 'give exactly one of account_ids, environment or all';
    return input.shape && input.calls.length !== 1
      ? 'shape applies to one call: give exactly one'
      : undefined;
  },
  policy: { reads: 'many-accounts', accounts: 'account_ids', environment: 'environment', all: 'all' },
});

export type QueryAccountsInput = z.output<typeof queryAccounts.input>;
