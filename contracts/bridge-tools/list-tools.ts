/** `list_tools`: the AWS MCP Server's tools as its tools/list gives them. */
import { defineBridgeTool } from './tool.ts';

export const listTools = defineBridgeTool({
  name: 'list_tools',
  description: "List the AWS MCP Server's current tools and their input schemas (from tools/list, cached).",
  fields: {},
  policy: { reads: 'no-account' },
});
