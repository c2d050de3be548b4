/** `query`: calls in one account and region, or one documentation tool over the bridge's own credentials. */
import type { QueryInput } from '#contracts/bridge-tools/index.ts';
import { InvalidInputError } from '../errors.ts';
import { fanOut } from '../fan-out.ts';
import { guardCalls, guardNamedTool } from '../guard/index.ts';
import { toAwsCalls } from '../input.ts';
import { defaultRegions, enforce, notEnabled, runInAccount, type ToolContext } from './context.ts';

export async function query(input: QueryInput, context: ToolContext): Promise<unknown> {
  const { config, query: mcp, registry, deadline } = context;
  if (input.tool_name !== undefined) {
    enforce(guardNamedTool(input.tool_name));
    if (input.account_id !== undefined)
      throw new InvalidInputError('documentation tools read no account: leave out account_id');
    return mcp.documentation({ toolName: input.tool_name, arguments: input.arguments ?? {} }, input.region);
  }
  const calls = toAwsCalls(input.calls ?? []);
  enforce(guardCalls(calls));
  if (input.account_id === undefined) throw new InvalidInputError('account_id is required for calls');

  const account = await registry.get(input.account_id);
  if (!account?.enabled) throw notEnabled(input.account_id);
  const prepared = await mcp.prepare(calls, deadline);
  const region = input.region ?? defaultRegions(context, account)[0]!;
  const call = { calls, requestedBy: input.requested_by };
  const [outcome] = await fanOut(
    [account],
    (target, signal) => runInAccount(context, target, region, prepared, call, signal),
    {
      concurrency: 1,
      timeoutMs: config.accountTimeoutMs,
      ...(deadline === undefined ? {} : { deadline }),
    },
  );
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}
