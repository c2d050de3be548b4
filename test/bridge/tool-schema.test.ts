import { describe, expect, it } from 'vitest';
import { BRIDGE_TARGET_NAME, BRIDGE_TOOLS, type GatewaySchema } from '#bridge/src/tool-schema.ts';

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

describe('BRIDGE_TOOLS', () => {
  it('exposes query, query_accounts, list_accounts and list_tools on the centralops target', () => {
    expect(BRIDGE_TARGET_NAME).toBe('centralops');
    expect(BRIDGE_TOOLS.map((tool) => tool.name)).toEqual([
      'query',
      'query_accounts',
      'list_accounts',
      'list_tools',
    ]);
  });

  it.each(BRIDGE_TOOLS.map((tool) => [tool.name, tool]))(
    'keeps %s within what Gateway schemas allow',
    (_name, tool) => {
      expect(unsupportedKeys(tool.inputSchema)).toEqual([]);
    },
  );

  it.each(BRIDGE_TOOLS.map((tool) => [tool.name, tool]))('requires requested_by on %s', (_name, tool) => {
    expect(tool.inputSchema.required).toContain('requested_by');
  });

  it.each(['query', 'query_accounts'])(
    'takes %s calls as data: a list of {service, operation, params}',
    (name) => {
      // Prepare
      const tool = BRIDGE_TOOLS.find((candidate) => candidate.name === name)!;
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
});
