/** `query_each`: read-only calls that differ per account and region, in parallel. */
import type * as z from 'zod/mini';
import { accountRequests } from './fields.ts';
import { defineBridgeTool } from './tool.ts';

export const queryEach = defineBridgeTool({
  name: 'query_each',
  description:
    'Make read-only AWS API calls that differ per account and region, in parallel: each request names its account, region and calls (the next step of a lookup, by the names each account answered). Returns one entry per request (result or error, with its account and region), plus a summary of accounts ok / failed / refused and elapsed ms. The answer is kept under a byte budget shared by its entries.',
  fields: { requests: accountRequests },
  policy: { reads: 'each-request', requests: 'requests' },
});

export type QueryEachInput = z.output<typeof queryEach.input>;
