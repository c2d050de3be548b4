/**
 * The read-only guard: pure, table-driven, run before any network call. A tool call is allowed
 * only when it is provably read-only; the reason of a refusal goes back to the user as a tool error.
 */
import { isDocumentationTool, MCP_TOOLS } from '../mcp-tools.ts';
import { guardCliCommand } from './cli-command.ts';
import { guardRunScript } from './run-script.ts';
import { ALLOWED, type GuardDecision, refuse } from './types.ts';

export { guardCliCommand, guardRunScript };

export function guardToolCall(toolName: string, args: Readonly<Record<string, unknown>>): GuardDecision {
  if (toolName === MCP_TOOLS.runScript.name) return guardRunScript(args[MCP_TOOLS.runScript.codeArgument]);
  if (toolName === MCP_TOOLS.callAws.name) return guardCliCommand(args[MCP_TOOLS.callAws.commandArgument]);
  if (isDocumentationTool(toolName)) return ALLOWED;
  return refuse(`tool "${toolName}" is not known to be read-only`);
}
