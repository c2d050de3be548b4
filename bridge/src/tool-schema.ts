/**
 * The bridge's tool schemas as the AgentCore Gateway registers them (infra/) and the agent calls
 * them. Gateway tool schemas accept only type/description/properties/required/items: no enum, no
 * oneOf, no additionalProperties, so choices are spelled out in descriptions instead.
 */

/** The Gateway target name; the Gateway exposes each tool as `<target>___<tool>`. */
export const BRIDGE_TARGET_NAME = 'centralops';

/** The subset of JSON Schema the Gateway accepts for a tool's input. */
export interface GatewaySchema {
  readonly type: 'object' | 'string' | 'array' | 'number' | 'integer' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, GatewaySchema>>;
  readonly required?: readonly string[];
  readonly items?: GatewaySchema;
}

export interface BridgeToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: GatewaySchema & { readonly type: 'object' };
}

export const BRIDGE_TOOL_NAMES = {
  query: 'query',
  queryAccounts: 'query_accounts',
  listAccounts: 'list_accounts',
  listTools: 'list_tools',
} as const;

export type BridgeToolName = (typeof BRIDGE_TOOL_NAMES)[keyof typeof BRIDGE_TOOL_NAMES];

const requestedBy: GatewaySchema = {
  type: 'string',
  description:
    'The verified user the agent acts for (2-64 chars of letters, digits and _+=,.@-); it becomes the STS SourceIdentity in the member account.',
};

const toolName: GatewaySchema = {
  type: 'string',
  description:
    'An AWS MCP Server tool from list_tools, e.g. aws___run_script (argument `code`: Python calling call_boto3 with literal read-only operations) or aws___call_aws (argument `cli_command`: one read-only `aws ...` command).',
};

const toolArguments: GatewaySchema = {
  type: 'object',
  description:
    'The arguments of that tool, as an object (e.g. {"code": "..."} for aws___run_script). Commands that are not provably read-only are refused.',
};

export const BRIDGE_TOOLS: readonly BridgeToolDefinition[] = [
  {
    name: BRIDGE_TOOL_NAMES.query,
    description:
      'Call one read-only AWS MCP Server tool in one registered, enabled member account and region.',
    inputSchema: {
      type: 'object',
      properties: {
        account_id: { type: 'string', description: '12-digit id of a registered, enabled account.' },
        tool_name: toolName,
        arguments: toolArguments,
        region: {
          type: 'string',
          description: "AWS region, e.g. us-east-1. Defaults to the account's first registered region.",
        },
        requested_by: requestedBy,
      },
      required: ['account_id', 'tool_name', 'arguments', 'requested_by'],
    },
  },
  {
    name: BRIDGE_TOOL_NAMES.queryAccounts,
    description:
      'Call the same read-only AWS MCP Server tool across many accounts in parallel. Returns one entry per account and region (result or error) in registry order, plus a summary of accounts ok / failed / refused and elapsed ms.',
    inputSchema: {
      type: 'object',
      properties: {
        account_ids: {
          type: 'array',
          description: 'Account ids to query. Give this, or environment, or all.',
          items: { type: 'string' },
        },
        environment: {
          type: 'string',
          description:
            'Query every enabled account of this environment (prod, staging, dev, ...); "all" means every enabled account.',
        },
        all: { type: 'boolean', description: 'Query every enabled account of the registry.' },
        tool_name: toolName,
        arguments: toolArguments,
        regions: {
          type: 'array',
          description: "Regions to query in each account. Defaults to each account's registered regions.",
          items: { type: 'string' },
        },
        requested_by: requestedBy,
      },
      required: ['tool_name', 'arguments', 'requested_by'],
    },
  },
  {
    name: BRIDGE_TOOL_NAMES.listAccounts,
    description: 'List the enabled accounts of the registry: id, name, aliases, environment, regions.',
    inputSchema: {
      type: 'object',
      properties: { requested_by: requestedBy },
      required: ['requested_by'],
    },
  },
  {
    name: BRIDGE_TOOL_NAMES.listTools,
    description: "List the AWS MCP Server's current tools and their input schemas (from tools/list, cached).",
    inputSchema: {
      type: 'object',
      properties: { requested_by: requestedBy },
      required: ['requested_by'],
    },
  },
];
