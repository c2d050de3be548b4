/**
 * The read-only guard: pure, table-driven, run before any network call. AWS calls arrive as data
 * and are allowed only when each is provably read-only; the bridge then writes the script or CLI
 * command itself. The reason of a refusal goes back to the user as a tool error.
 */
import type { AwsCall } from '../input.ts';
import { API_TOOLS, isDocumentationTool } from '../mcp-tools.ts';
import { guardCliCommand } from './cli-command.ts';
import { checkCall } from './operation-policy.ts';
import { ALLOWED, type GuardDecision, refuse } from './types.ts';

export type { GuardDecision };
export { guardCliCommand };

/** Every call must pass; the first refusal is the answer, naming the call when there are several. */
export function guardCalls(calls: readonly AwsCall[]): GuardDecision {
  for (const [index, call] of calls.entries()) {
    const decision = checkCall(call.service, call.operation, call.params);
    if (!decision.allowed) {
      return calls.length === 1 ? decision : refuse(`calls[${index}]: ${decision.reason}`);
    }
  }
  return ALLOWED;
}

/**
 * A tool named by the caller: only documentation tools. The API tools run code or commands, which
 * the bridge writes from `calls` and never takes from a caller.
 */
export function guardNamedTool(toolName: string): GuardDecision {
  if (API_TOOLS.includes(toolName)) {
    return refuse(
      `${toolName} with caller-written code or commands is refused: send calls, e.g. ` +
        '[{"service": "ec2", "operation": "DescribeInstances", "params": {}}], and the bridge writes the script',
    );
  }
  if (isDocumentationTool(toolName)) return ALLOWED;
  return refuse(`tool "${toolName}" is not known to be read-only`);
}

/** The JSON schema of a tool's input, as tools/list gives it. */
export interface ListedToolSchema {
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * A documentation tool's arguments against the server's own schema for it: a field the server does
 * not declare is refused, never forwarded.
 */
export function guardToolArguments(
  toolName: string,
  schema: ListedToolSchema | undefined,
  args: Readonly<Record<string, unknown>>,
): GuardDecision {
  if (!schema) return refuse(`the AWS MCP Server does not offer ${toolName} now`);
  const declared = Object.keys(schema.properties ?? {});
  const unknown = Object.keys(args).filter((key) => !declared.includes(key));
  if (unknown.length === 0) return ALLOWED;
  return refuse(
    `${toolName} takes no argument ${unknown
      .slice(0, 3)
      .map((key) => JSON.stringify(key.slice(0, 40)))
      .join(', ')}; its arguments are ${declared.join(', ') || 'none'}`,
  );
}
