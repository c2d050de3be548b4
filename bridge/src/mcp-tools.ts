/**
 * The AWS MCP Server tools the bridge knows, and their argument names: the one place that spells
 * them (the server's tool set changes; docs/architecture.md: run_script first, call_aws still supported).
 */

export const MCP_TOOLS = {
  /** Python in the server's sandbox, calling `call_boto3(service_name=, operation_name=, ...)`. */
  runScript: { name: 'aws___run_script', codeArgument: 'code' },
  /** One AWS CLI command; removed from the managed server in 2026, still on self-hosted ones. */
  callAws: { name: 'aws___call_aws', commandArgument: 'cli_command', maxResultsArgument: 'max_results' },
} as const;

/** The tools that run AWS API calls: the bridge writes their every argument, callers write none. */
export const API_TOOLS: readonly string[] = [MCP_TOOLS.runScript.name, MCP_TOOLS.callAws.name];

/**
 * Knowledge tools: they read AWS documentation, not an account, so they need no account. Their
 * arguments are allow-listed by the server's own tools/list schema (their names change with it).
 */
const DOCUMENTATION_TOOLS: readonly string[] = [
  'aws___search_documentation',
  'aws___read_documentation',
  'aws___recommend',
  'aws___list_regions',
  'aws___get_regional_availability',
  'aws___retrieve_skill',
];

/** The `_meta` key the AWS MCP Server reads the target region from (as mcp-proxy-for-aws sends it). */
export const REGION_META_KEY = 'AWS_REGION';

export function isDocumentationTool(toolName: string): boolean {
  return DOCUMENTATION_TOOLS.includes(toolName);
}
