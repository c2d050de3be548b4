/**
 * Turns a catalog entry into the member-account MCP tool call the bridge forwards: `aws___run_script`
 * with a one-call `call_boto3` Python script first, `aws___call_aws` with a CLI command when the
 * server lacks run_script. Tool and argument names come from the bridge's MCP_TOOLS.
 */
import { MCP_TOOLS } from '../../bridge/src/mcp-tools.ts';
import type { Filters, ResourceSpec } from './catalog.ts';

interface AwsToolCall {
  /** The AWS MCP Server tool, e.g. `aws___run_script`. */
  readonly tool: string;
  readonly arguments: Readonly<Record<string, string>>;
  /** What was asked, for the result event: `ec2 describe_instances`. */
  readonly operation: string;
}

/** A JSON value as a Python literal (True/False/None), for the run_script source. */
function toPythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toPythonLiteral).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) => `${JSON.stringify(key)}: ${toPythonLiteral(item)}`,
  );
  return `{${entries.join(', ')}}`;
}

/**
 * The call for one resource in one region. `hasRunScript` comes from the server's tools/list
 * (the bridge's list_tools); run_script is preferred whenever it is there.
 */
export function buildAwsCall(
  spec: ResourceSpec,
  filters: Filters,
  region: string,
  options: { readonly hasRunScript: boolean; readonly now: Date },
): AwsToolCall {
  const call = spec.boto3(filters, options.now);
  const operation = `${call.service} ${call.operation}`;
  if (options.hasRunScript) {
    const code = [
      'import json',
      `result = call_boto3(service_name=${toPythonLiteral(call.service)}, operation_name=${toPythonLiteral(call.operation)}, region_name=${toPythonLiteral(region)}, params=${toPythonLiteral(call.params)})`,
      'print(json.dumps(result, default=str))',
    ].join('\n');
    return {
      tool: MCP_TOOLS.runScript.name,
      arguments: { [MCP_TOOLS.runScript.codeArgument]: code },
      operation,
    };
  }
  return {
    tool: MCP_TOOLS.callAws.name,
    arguments: {
      [MCP_TOOLS.callAws.commandArgument]: `${spec.cli(filters, options.now)} --region ${region}`,
    },
    operation,
  };
}
