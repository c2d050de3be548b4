/** `query`: read-only AWS API calls in one account and region, or one AWS documentation tool. */
import type * as z from 'zod/mini';
import {
  accountId,
  CALLS_RULE,
  calls,
  documentationArguments,
  documentationTool,
  optional,
  optionalRegion,
  TOOL_NAME_RULE,
} from './fields.ts';
import { defineBridgeTool } from './tool.ts';

export const query = defineBridgeTool({
  name: 'query',
  description:
    'Make read-only AWS API calls in one registered, enabled member account and region (or call an AWS documentation tool).',
  fields: {
    account_id: optional(accountId, '12-digit id of a registered, enabled account.'),
    calls: optional(calls),
    region: optionalRegion("AWS region, e.g. us-east-1. Defaults to the account's first registered region."),
    tool_name: optional(
      documentationTool,
      'Instead of calls, without account_id: an AWS documentation tool from list_tools (aws___search_documentation, aws___read_documentation, aws___recommend, aws___list_regions, aws___get_regional_availability, aws___retrieve_skill).',
    ),
    arguments: optional(
      documentationArguments,
      "The documentation tool's arguments, as its inputSchema in list_tools names them.",
    ),
  },
  rule: (input) => {
    const documentation = input.tool_name !== undefined || input.arguments !== undefined;
    if (input.calls !== undefined && documentation) return 'give calls or tool_name, not both';
    if (documentation && input.tool_name === undefined) return `tool_name ${TOOL_NAME_RULE}`;
    return input.calls === undefined && !documentation ? `calls ${CALLS_RULE}` : undefined;
  },
  policy: { reads: 'one-account', account: 'account_id' },
});

export type QueryInput = z.output<typeof query.input>;
