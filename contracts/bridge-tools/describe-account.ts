/** `describe_account`: the registry's view of one account (what it is for, its tags), no AWS call. */
import { accountId, described } from './fields.ts';
import { defineBridgeTool } from './tool.ts';

export const describeAccount = defineBridgeTool({
  name: 'describe_account',
  description:
    "The registry's record of one registered, enabled account: name, aliases, environment, regions, description and tags (team, cost center, …). Reads no AWS API.",
  fields: { account_id: described(accountId, '12-digit id of a registered, enabled account.') },
  policy: { reads: 'one-account', account: 'account_id' },
});
