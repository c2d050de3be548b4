/**
 * `query_each`: calls that differ per account and region (the next step of a per-account lookup,
 * by the names each account answered), in parallel, each failure beside the others, the answer
 * within its byte budget (fan-out-answer.ts). Every request's calls are guarded before anything
 * runs: one refused call refuses the whole tool call, as in query_accounts.
 */
import type { QueryEachInput } from '#contracts/bridge-tools/index.ts';
import { guardCalls } from '../guard/index.ts';
import { type AwsCall, toAwsCalls } from '../input.ts';
import { enforce, type ToolContext } from './context.ts';
import {
  type AccountWork,
  answerWork,
  type FailedEntry,
  type FanOutAnswer,
  notEnabledEntry,
} from './fan-out-answer.ts';

export async function queryEach(input: QueryEachInput, context: ToolContext): Promise<FanOutAnswer> {
  const { registry } = context;
  const started = performance.now();
  // The same calls asked in several places are one array, written once for the AWS MCP Server.
  const byText = new Map<string, readonly AwsCall[]>();
  const requests = input.requests.map((request) => {
    const calls = toAwsCalls(request.calls);
    const text = JSON.stringify(calls);
    if (!byText.has(text)) {
      enforce(guardCalls(calls));
      byText.set(text, calls);
    }
    return { accountId: request.account_id, region: request.region, calls: byText.get(text)! };
  });

  const enabled = new Map((await registry.listEnabled()).map((account) => [account.id, account]));
  const work: AccountWork[] = [];
  const refused: FailedEntry[] = [];
  for (const { accountId, region, calls } of requests) {
    const account = enabled.get(accountId);
    if (account) {
      work.push({ account, region, calls });
      continue;
    }
    refused.push(notEnabledEntry(context, input.requested_by, accountId, calls, region));
  }
  return answerWork(context, { work, refused, requestedBy: input.requested_by, started });
}
