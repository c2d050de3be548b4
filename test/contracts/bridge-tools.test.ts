import { describe, expect, it } from 'vitest';
import type { ToolHandlers } from '#bridge/src/tools/index.ts';
import {
  BRIDGE_TARGET_NAME,
  BRIDGE_TOOLS,
  type GatewaySchema,
  gatewayToolDefinitions,
  inputProblem,
} from '#contracts/bridge-tools/index.ts';
import { defineBridgeTool } from '#contracts/bridge-tools/tool.ts';

const GATEWAY_KEYS = new Set(['type', 'description', 'properties', 'required', 'items']);

function unsupportedKeys(schema: GatewaySchema, path = ''): string[] {
  const bad = Object.keys(schema)
    .filter((key) => !GATEWAY_KEYS.has(key))
    .map((key) => `${path}.${key}`);
  for (const [name, inner] of Object.entries(schema.properties ?? {}))
    bad.push(...unsupportedKeys(inner, `${path}.${name}`));
  if (schema.items) bad.push(...unsupportedKeys(schema.items, `${path}[]`));
  return bad;
}

function undescribed(schema: GatewaySchema, path: string): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, inner]) => [
    ...(inner.description ? [] : [`${path}.${name}`]),
    ...undescribed(inner.items ?? inner, `${path}.${name}`),
  ]);
}

const TOOLS = gatewayToolDefinitions();

describe('BRIDGE_TOOLS', () => {
  it('exposes the bridge tools on the centralops target', () => {
    expect(BRIDGE_TARGET_NAME).toBe('centralops');
    expect(TOOLS.map((tool) => tool.name)).toEqual([
      'query',
      'query_accounts',
      'query_each',
      'list_accounts',
      'list_tools',
      'describe_account',
    ]);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool]))(
    'keeps %s within what Gateway schemas allow',
    (_name, tool) => {
      expect(unsupportedKeys(tool.inputSchema)).toEqual([]);
    },
  );

  it.each(TOOLS.map((tool) => [tool.name, tool]))(
    'describes every field of %s to the model',
    (_name, tool) => {
      expect(undescribed(tool.inputSchema, tool.name)).toEqual([]);
    },
  );

  it.each(TOOLS.map((tool) => [tool.name, tool]))('requires requested_by on %s', (_name, tool) => {
    expect(tool.inputSchema.required).toContain('requested_by');
  });

  it.each(['query', 'query_accounts'])(
    'takes %s calls as data: a list of {service, operation, params}',
    (name) => {
      // Prepare
      const tool = TOOLS.find((candidate) => candidate.name === name)!;
      // Act
      const calls = tool.inputSchema.properties?.calls;
      // Assess
      expect(calls?.type).toBe('array');
      expect(calls?.items?.required).toEqual(['service', 'operation']);
      expect(Object.keys(calls?.items?.properties ?? {})).toEqual([
        'service',
        'operation',
        'params',
        'paginate',
        'region',
      ]);
      expect(JSON.stringify(tool.inputSchema)).not.toMatch(/"code"|cli_command/);
    },
  );

  it('names the fields that carry accounts in every tool that reads one', () => {
    // Assess: the agent checks these fields against the user's accounts (model-tools.ts)
    expect(BRIDGE_TOOLS.query.policy).toEqual({ reads: 'one-account', account: 'account_id' });
    expect(BRIDGE_TOOLS.query_accounts.policy).toEqual({
      reads: 'many-accounts',
      accounts: 'account_ids',
      environment: 'environment',
      all: 'all',
    });
    expect(BRIDGE_TOOLS.query_each.policy).toEqual({ reads: 'each-request', requests: 'requests' });
    for (const tool of Object.values(BRIDGE_TOOLS)) {
      const fields = Object.keys(tool.input.shape);
      const named = Object.entries(tool.policy)
        .filter(([key]) => key !== 'reads')
        .map(([, field]) => field);
      expect(fields).toEqual(expect.arrayContaining(named));
    }
  });
});

describe('Function: defineBridgeTool', () => {
  it('refuses to define a tool without an account policy, or naming a field it does not have (type-checked)', () => {
    // Assess: `npm test` type-checks this file; each line below must be a type error.
    const withoutPolicy = () =>
      // @ts-expect-error the agent's account policy is required
      defineBridgeTool({ name: 'peek', description: 'reads one account', fields: {} });
    const wrongField = () =>
      defineBridgeTool({
        name: 'peek',
        description: 'reads one account',
        fields: {},
        // @ts-expect-error the policy must name one of the tool's own fields
        policy: { reads: 'one-account', account: 'account_id' },
      });
    expect([withoutPolicy, wrongField]).toHaveLength(2);
  });
});

describe('Function: inputProblem', () => {
  it.each([
    ['an unknown field', { calls: [], code: 'x', requested_by: 'alice' }, 'query takes no field "code"'],
    [
      'an unknown field in a call',
      { calls: [{ service: 'ec2', operation: 'DescribeInstances', code: 'x' }], requested_by: 'alice' },
      'calls[0] takes no field "code"',
    ],
    ['calls that are not JSON', { calls: '[{"service": ', requested_by: 'alice' }, 'calls must be JSON'],
    [
      'neither calls nor a tool',
      { account_id: '111111111111', requested_by: 'alice' },
      'calls must be a list',
    ],
    [
      'calls beside a documentation tool',
      {
        calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
        tool_name: 'aws___list_regions',
        requested_by: 'alice',
      },
      'give calls or tool_name, not both',
    ],
    [
      'a malformed requested_by',
      { tool_name: 'aws___list_regions', requested_by: 'a' },
      'requested_by must be 2-64',
    ],
    [
      'too many pages',
      { calls: [{ service: 'ec2', operation: 'DescribeInstances', paginate: 11 }], requested_by: 'alice' },
      'calls[0].paginate must be true or a number of pages from 1 to 10',
    ],
  ])('refuses %s with one sentence naming it', (_case, event, message) => {
    // Act
    const parsed = BRIDGE_TOOLS.query.input.safeParse(event);
    // Assess
    expect(parsed.success).toBe(false);
    expect(inputProblem(parsed.error!, 'query')).toContain(message);
  });

  it('refuses a fan-out that names both an environment and all', () => {
    const parsed = BRIDGE_TOOLS.query_accounts.input.safeParse({
      calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
      environment: 'prod',
      all: true,
      requested_by: 'alice',
    });
    expect(inputProblem(parsed.error!, 'query_accounts')).toBe(
      'give exactly one of account_ids, environment or all',
    );
  });

  it('names the rule of a field that has no pattern (zod/mini carries no default wording)', () => {
    const parsed = BRIDGE_TOOLS.query_accounts.input.safeParse({
      calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
      all: 'yes',
      requested_by: 'alice',
    });
    expect(inputProblem(parsed.error!, 'query_accounts')).toBe('all must be true or false');
  });
});

describe('Type: ToolHandlers', () => {
  it('refuses a handler list that misses a tool of the contract (type-checked)', () => {
    // Assess: `npm test` type-checks this file; the assignment must be a type error.
    const handle = async () => ({});
    // @ts-expect-error list_tools has no handler
    const partial: ToolHandlers = { query: handle, query_accounts: handle, list_accounts: handle };
    expect(partial).toBeDefined();
  });
});
