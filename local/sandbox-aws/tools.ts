/**
 * The tools the AWS MCP Server look-alike serves: names, input schemas and result shapes after the
 * managed AWS MCP Server (aws___run_script) and the self-hosted AWS API MCP server (aws___call_aws).
 */
import { accessDenied, canonicalOperation, invoke, isKnownService, pascal } from './aws-api.ts';
import { parseCliCommand } from './cli.ts';
import type { KnownCredentials } from './credentials.ts';
import { DOC_PAGES } from './docs-corpus.ts';
import { AwsApiError, ScriptError } from './errors.ts';
import type { ApiContext } from './operation.ts';
import { AWS_REGIONS, DEFAULT_REGION } from './regions.ts';
import { parseScript, runTemplate } from './script.ts';

export type ToolContext = ApiContext;

export const TOOL_NAMES = {
  runScript: 'aws___run_script',
  callAws: 'aws___call_aws',
  searchDocumentation: 'aws___search_documentation',
  listRegions: 'aws___list_regions',
} as const;

export const TOOL_DEFINITIONS = [
  {
    name: TOOL_NAMES.runScript,
    description:
      'Execute Python code in a sandboxed environment with AWS API access. Call AWS APIs with ' +
      "await call_boto3(service_name='ec2', operation_name='DescribeInstances', region_name='us-east-1', params={...}); " +
      'the value of the last expression is returned. import boto3 is not available.',
    inputSchema: {
      type: 'object',
      properties: { code: { type: 'string', description: 'Python code to run.' } },
      required: ['code'],
    },
  },
  {
    name: TOOL_NAMES.callAws,
    description: 'Execute an AWS CLI command (must start with "aws"). Deprecated: prefer aws___run_script.',
    inputSchema: {
      type: 'object',
      properties: {
        cli_command: { type: 'string', description: 'The complete AWS CLI command, starting with "aws".' },
        max_results: { type: 'integer', description: 'Optional limit for the number of results.' },
      },
      required: ['cli_command'],
    },
  },
  {
    name: TOOL_NAMES.searchDocumentation,
    description:
      'Search across all AWS documentation, including API references, best practices and service guides.',
    inputSchema: {
      type: 'object',
      properties: {
        search_phrase: { type: 'string', description: 'Words to search for.' },
        limit: { type: 'integer', description: 'Maximum number of results. Default 10.' },
      },
      required: ['search_phrase'],
    },
  },
  {
    name: TOOL_NAMES.listRegions,
    description: 'Retrieve a list of all AWS regions, including their identifiers and names.',
    inputSchema: { type: 'object', properties: {} },
  },
] as const;

export interface CallToolResult {
  readonly content: readonly { readonly type: 'text'; readonly text: string }[];
  readonly isError: boolean;
}

export type ToolOutcome =
  | { readonly kind: 'unknown-tool' }
  | { readonly kind: 'result'; readonly result: CallToolResult; readonly region?: string };

export interface ToolCall {
  /** Member-account sessions read their account; the central identity reads none. */
  readonly caller: KnownCredentials;
  /** `params._meta.AWS_REGION`, as mcp-proxy-for-aws injects it. */
  readonly metaRegion?: string;
  /** An injected access_denied fault: the first AWS API call is refused. */
  readonly denyAccess: boolean;
}

export function callTool(
  ctx: ToolContext,
  name: string,
  args: Record<string, unknown>,
  call: ToolCall,
): ToolOutcome {
  switch (name) {
    case TOOL_NAMES.runScript:
      return requireString(name, args, 'code') ?? runScript(ctx, String(args.code), call);
    case TOOL_NAMES.callAws:
      return requireString(name, args, 'cli_command') ?? callAws(ctx, String(args.cli_command), call);
    case TOOL_NAMES.searchDocumentation:
      return (
        requireString(name, args, 'search_phrase') ??
        searchDocumentation(String(args.search_phrase), args.limit)
      );
    case TOOL_NAMES.listRegions:
      return ok(AWS_REGIONS.map(([region_id, region_long_name]) => ({ region_id, region_long_name })));
    default:
      return { kind: 'unknown-tool' };
  }
}

function runScript(ctx: ToolContext, code: string, call: ToolCall): ToolOutcome {
  const apiCalls: Record<string, unknown>[] = [];
  let region: string | undefined;
  try {
    const calls = parseScript(code);
    region = calls[0]?.region;
    const returnValue = runTemplate(calls, (boto3, params) => {
      const operation = canonicalOperation(boto3.service, boto3.operation) ?? pascal(boto3.operation);
      const entry = { service: boto3.service, operation, region: boto3.region };
      try {
        const caller = call.caller;
        if (caller.kind !== 'session' || (call.denyAccess && apiCalls.length === 0))
          throw accessDenied({ service: boto3.service, caller }, operation);
        const response = invoke(ctx, {
          service: boto3.service,
          operation,
          region: boto3.region,
          params,
          caller,
        });
        apiCalls.push({ ...entry, status: 'success' });
        return response;
      } catch (error) {
        if (error instanceof AwsApiError) {
          apiCalls.push({ ...entry, status: 'error', error_code: error.code });
          throw new ScriptError(
            'ClientError',
            `An error occurred (${error.code}) when calling the ${operation} operation: ${error.message}`,
            { cause: error },
          );
        }
        throw error;
      }
    });
    const body = { status: 'success', return_value: returnValue, stdout: '', api_calls: apiCalls };
    return { kind: 'result', result: text(body, false), ...(region ? { region } : {}) };
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    const body = {
      status: 'error',
      error: { type: error.pythonType, message: error.message },
      stdout: '',
      api_calls: apiCalls,
    };
    return { kind: 'result', result: text(body, true), ...(region ? { region } : {}) };
  }
}

function callAws(ctx: ToolContext, command: string, call: ToolCall): ToolOutcome {
  let parsed: ReturnType<typeof parseCliCommand>;
  try {
    parsed = parseCliCommand(command);
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    return { kind: 'result', result: text({ cli_command: command, error: error.message }, true) };
  }
  const region = parsed.region ?? call.metaRegion ?? DEFAULT_REGION;
  if (!isKnownService(parsed.service)) {
    return {
      kind: 'result',
      result: text(
        { cli_command: command, error: `aws: error: argument command: Invalid choice: '${parsed.service}'` },
        true,
      ),
      region,
    };
  }
  const operation = canonicalOperation(parsed.service, parsed.operation) ?? pascal(parsed.operation);
  const metadata = { service: parsed.service, operation, region_name: region };
  try {
    const caller = call.caller;
    if (caller.kind !== 'session' || call.denyAccess)
      throw accessDenied({ service: parsed.service, caller }, operation);
    const response = invoke(ctx, {
      service: parsed.service,
      operation,
      region,
      params: parsed.params,
      caller,
    });
    return {
      kind: 'result',
      result: text(
        {
          cli_command: command,
          response: {
            error: null,
            json: JSON.stringify(response),
            status_code: 200,
            error_code: null,
            pagination_token: null,
          },
          metadata,
        },
        false,
      ),
      region,
    };
  } catch (error) {
    if (error instanceof AwsApiError) {
      const message = `An error occurred (${error.code}) when calling the ${operation} operation: ${error.message}`;
      return {
        kind: 'result',
        result: text(
          {
            cli_command: command,
            response: {
              error: message,
              json: null,
              status_code: error.status,
              error_code: error.code,
              pagination_token: null,
            },
            metadata,
          },
          true,
        ),
        region,
      };
    }
    if (error instanceof ScriptError)
      return { kind: 'result', result: text({ cli_command: command, error: error.message }, true), region };
    throw error;
  }
}

function searchDocumentation(phrase: string, limit: unknown): ToolOutcome {
  const words = phrase
    .toLowerCase()
    .split(/\W+/)
    .filter((w) => w.length > 1);
  const max = typeof limit === 'number' && limit > 0 ? Math.floor(limit) : 10;
  const scored = DOC_PAGES.map((page) => {
    const haystack = `${page.title} ${page.context}`.toLowerCase();
    return { page, score: words.filter((w) => haystack.includes(w)).length };
  })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, max);
  return ok(
    scored.map(({ page }, i) => ({
      rank_order: i + 1,
      url: page.url,
      title: page.title,
      context: page.context,
    })),
  );
}

/** The validation error FastMCP-based servers answer for a missing required argument. */
function requireString(tool: string, args: Record<string, unknown>, field: string): ToolOutcome | undefined {
  if (typeof args[field] === 'string' && args[field] !== '') return undefined;
  return {
    kind: 'result',
    result: {
      content: [
        {
          type: 'text',
          text: `Error executing tool ${tool}: 1 validation error for ${tool}Arguments\n${field}\n  Field required`,
        },
      ],
      isError: true,
    },
  };
}

function ok(value: unknown): ToolOutcome {
  return { kind: 'result', result: text(value, false) };
}

function text(value: unknown, isError: boolean): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], isError };
}
