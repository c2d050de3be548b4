/**
 * The Gateway's JSON schema of a tool, derived from its zod input. Gateway tool schemas accept only
 * type/description/properties/required/items (no enum, no pattern, no oneOf, no
 * additionalProperties): the rest of the zod rules are enforced by the bridge, and told to the
 * model in the descriptions.
 */
import * as z from 'zod/mini';

/** The subset of JSON Schema the Gateway accepts for a tool's input. */
export interface GatewaySchema {
  readonly type: 'object' | 'string' | 'array' | 'number' | 'integer' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, GatewaySchema>>;
  readonly required?: readonly string[];
  readonly items?: GatewaySchema;
}

/** A tool as the Gateway target registers it (infra/) and the local Gateway lists it. */
export interface GatewayToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: GatewaySchema & { readonly type: 'object' };
}

type JsonSchema = Record<string, unknown>;

export function gatewayTool(tool: {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodMiniType;
}): GatewayToolDefinition {
  const schema = gatewaySchema(z.toJSONSchema(tool.input, { io: 'input' }) as JsonSchema, tool.name);
  if (schema.type !== 'object') throw new Error(`${tool.name}: a tool's input must be an object`);
  return { name: tool.name, description: tool.description, inputSchema: { ...schema, type: 'object' } };
}

function gatewaySchema(json: JsonSchema, at: string): GatewaySchema {
  const type = json.type;
  if (typeof type !== 'string') throw new Error(`${at}: the Gateway needs one type (give .meta({ type }))`);
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  const required = json.required as string[] | undefined;
  return {
    type: type as GatewaySchema['type'],
    ...(typeof json.description === 'string' ? { description: json.description } : {}),
    ...(properties
      ? {
          properties: Object.fromEntries(
            Object.entries(properties).map(([key, value]) => [key, gatewaySchema(value, `${at}.${key}`)]),
          ),
        }
      : {}),
    ...(required?.length ? { required } : {}),
    ...(json.items ? { items: gatewaySchema(json.items as JsonSchema, `${at}[]`) } : {}),
  };
}
