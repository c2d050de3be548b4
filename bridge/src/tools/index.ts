/**
 * A handler per bridge tool, typed against the contract's list (contracts/bridge-tools): a tool
 * defined there without a handler here does not type-check, nor does a handler for a tool that is
 * not defined.
 */
import type { BridgeToolInput, BridgeToolName } from '#contracts/bridge-tools/index.ts';
import { parseToolInput } from '../input.ts';
import type { ToolContext } from './context.ts';
import { describeAccount } from './describe-account.ts';
import { listAccounts } from './list-accounts.ts';
import { listTools } from './list-tools.ts';
import { query } from './query.ts';
import { queryAccounts } from './query-accounts.ts';
import { queryEach } from './query-each.ts';

export type { ToolContext } from './context.ts';
export type { FanOutAnswer, FanOutEntry } from './fan-out-answer.ts';

export type ToolHandler<Name extends BridgeToolName> = (
  input: BridgeToolInput<Name>,
  context: ToolContext,
) => Promise<unknown>;

/** One handler per tool of the contract, exactly. */
export type ToolHandlers = { readonly [Name in BridgeToolName]: ToolHandler<Name> };

const TOOL_HANDLERS: ToolHandlers = {
  query,
  query_accounts: queryAccounts,
  query_each: queryEach,
  list_accounts: listAccounts,
  list_tools: listTools,
  describe_account: describeAccount,
};

/** Validates the event against the tool's contract, then runs its handler. */
export function runTool<Name extends BridgeToolName>(
  name: Name,
  event: Readonly<Record<string, unknown>>,
  context: ToolContext,
): Promise<unknown> {
  const handler: ToolHandler<Name> = TOOL_HANDLERS[name];
  return handler(parseToolInput(name, event), context);
}
