/** `query_accounts`: the same read-only calls across many accounts in parallel. */
import * as z from 'zod/mini';
import { accountIds, calls, environment, optional, regions } from './fields.ts';
import { defineBridgeTool } from './tool.ts';

export const queryAccounts = defineBridgeTool({
  name: 'query_accounts',
  description:
    'Make the same read-only AWS API calls across many accounts in parallel. Returns one entry per account and region (result or error) in registry order, plus a summary of accounts ok / failed / refused and elapsed ms.',
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
  },
  rule: (input) => {
    const environmentAll = input.environment?.toLowerCase() === 'all';
    const given = [
      input.account_ids !== undefined,
      input.environment !== undefined && !environmentAll,
      input.all === true || environmentAll,
    ];
    return given.filter(Boolean).length === 1
      ? undefined
      : 'give exactly one of account_ids, environment or all';
  },
  policy: { reads: 'many-accounts', accounts: 'account_ids', environment: 'environment', all: 'all' },
});

export type QueryAccountsInput = z.output<typeof queryAccounts.input>;
