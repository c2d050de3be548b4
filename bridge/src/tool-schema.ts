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

const calls: GatewaySchema = {
  type: 'array',
  description:
    'The AWS API calls to make, 1 to 10, run in order: each {"service": botocore service name (ec2, s3, lambda, cloudwatch, ...), "operation": PascalCase operation (DescribeInstances), "params": {...}}. Read-only operations only (Describe*, List*, Get*, ...); secret and data reads (secret values, object contents, table items, query results) are refused. The bridge writes the script the AWS MCP Server runs: send data, never code.',
  items: {
    type: 'object',
    properties: {
      service: {
        type: 'string',
        description: 'botocore service name, e.g. ec2, s3, lambda, cloudwatch, rds.',
      },
      operation: {
        type: 'string',
        description: 'PascalCase operation name, e.g. DescribeInstances, ListBuckets.',
      },
      params: {
        type: 'object',
        description: 'The operation\'s parameters, as boto3 takes them, e.g. {"Filters": [...]}.',
      },
      paginate: {
        type: 'integer',
        description: 'Pages to read at most, 1 to 10, following the next-page token (default 1).',
      },
      region: {
        type: 'string',
        description: "Region of this call only, e.g. us-east-1; else the query's region.",
      },
    },
    required: ['service', 'operation'],
  },
};

const documentationTool: GatewaySchema = {
  type: 'string',
  description:
    'Instead of calls, without account_id: an AWS documentation tool from list_tools (aws___search_documentation, aws___read_documentation, aws___recommend, aws___list_regions, aws___get_regional_availability, aws___retrieve_skill).',
};

const documentationArguments: GatewaySchema = {
  type: 'object',
  description: "The documentation tool's arguments, as its inputSchema in list_tools names them.",
};

export const BRIDGE_TOOLS: readonly BridgeToolDefinition[] = [
  {
    name: BRIDGE_TOOL_NAMES.query,
    description:
      'Make read-only AWS API calls in one registered, enabled member account and region (or call an AWS documentation tool).',
    inputSchema: {
      type: 'object',
      properties: {
        account_id: { type: 'string', description: '12-digit id of a registered, enabled account.' },
        calls,
        region: {
          type: 'string',
          description: "AWS region, e.g. us-east-1. Defaults to the account's first registered region.",
        },
        tool_name: documentationTool,
        arguments: documentationArguments,
        requested_by: requestedBy,
      },
      required: ['requested_by'],
    },
  },
  {
    name: BRIDGE_TOOL_NAMES.queryAccounts,
    description:
      'Make the same read-only AWS API calls across many accounts in parallel. Returns one entry per account and region (result or error) in registry order, plus a summary of accounts ok / failed / refused and elapsed ms.',
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
        calls,
        regions: {
          type: 'array',
          description: "Regions to query in each account. Defaults to each account's registered regions.",
          items: { type: 'string' },
        },
        requested_by: requestedBy,
      },
      required: ['calls', 'requested_by'],
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
