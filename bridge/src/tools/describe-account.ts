/** `describe_account`: one enabled account as the registry holds it; a refusal for any other id. */
import type { BridgeToolInput } from '#contracts/bridge-tools/index.ts';
import { notEnabled, type ToolContext } from './context.ts';

export async function describeAccount(
  input: BridgeToolInput<'describe_account'>,
  context: ToolContext,
): Promise<unknown> {
  const account = await context.registry.get(input.account_id);
  if (!account?.enabled) throw notEnabled(input.account_id);
  const { id, name, aliases, environment, regions, description, tags } = account;
  return {
    account: { id, name, aliases, environment, regions, ...(description ? { description } : {}), tags },
  };
}
