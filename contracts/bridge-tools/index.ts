/**
 * The bridge's tools: one file each in this folder (name, zod input, account policy), listed here.
 * The bridge handles each one (bridge/src/tools/, a handler per tool, checked against this list),
 * infra/ registers their Gateway schemas, the agent applies their account policy.
 */
import type * as z from 'zod/mini';
import { describeAccount } from './describe-account.ts';
import { type GatewayToolDefinition, gatewayTool } from './gateway-schema.ts';
import { listAccounts } from './list-accounts.ts';
import { listTools } from './list-tools.ts';
import { query } from './query.ts';
import { queryAccounts } from './query-accounts.ts';
import { queryEach } from './query-each.ts';

export type { AwsCallInput } from './fields.ts';
export type { GatewaySchema, GatewayToolDefinition } from './gateway-schema.ts';
export type { QueryInput } from './query.ts';
export type { QueryAccountsInput } from './query-accounts.ts';
export type { QueryEachInput } from './query-each.ts';
export type { ShapeInput } from './shape.ts';
export type { AccountPolicy, BridgeToolDefinition } from './tool.ts';
export { inputProblem } from './tool.ts';

/** The Gateway target name; the Gateway exposes each tool as `<target>___<tool>`. */
export const BRIDGE_TARGET_NAME = 'centralops';

const TARGET_SEPARATOR = '___';

/** Every bridge tool, by name. */
export const BRIDGE_TOOLS = {
  [query.name]: query,
  [queryAccounts.name]: queryAccounts,
  [queryEach.name]: queryEach,
  [listAccounts.name]: listAccounts,
  [listTools.name]: listTools,
  [describeAccount.name]: describeAccount,
} as const;

export type BridgeToolName = keyof typeof BRIDGE_TOOLS;
export type BridgeToolInput<Name extends BridgeToolName> = z.output<(typeof BRIDGE_TOOLS)[Name]['input']>;

export function isBridgeToolName(name: string): name is BridgeToolName {
  return Object.hasOwn(BRIDGE_TOOLS, name);
}

/** The Gateway's name for a bridge tool: `centralops___query`. */
export function gatewayToolName(tool: BridgeToolName): string {
  return `${BRIDGE_TARGET_NAME}${TARGET_SEPARATOR}${tool}`;
}

/** `<target>___<tool>` → `<tool>`, as the Gateway names tools to its Lambda target; a bare name as is. */
export function bridgeToolNameOf(qualified: string): string {
  const at = qualified.indexOf(TARGET_SEPARATOR);
  return at === -1 ? qualified : qualified.slice(at + TARGET_SEPARATOR.length);
}

/** The tools as the Gateway target registers them. */
export function gatewayToolDefinitions(): GatewayToolDefinition[] {
  return Object.values(BRIDGE_TOOLS).map(gatewayTool);
}
