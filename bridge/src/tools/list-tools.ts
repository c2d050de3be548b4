/** `list_tools`: tools/list is the same for every account, so it is asked with the bridge's own credentials. */
import type { ToolContext } from './context.ts';

export async function listTools(_input: unknown, context: ToolContext): Promise<unknown> {
  const tools = await context.query.listTools();
  return { tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
}
