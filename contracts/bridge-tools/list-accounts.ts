/** `list_accounts`: the registry's enabled accounts, as the agent may name them. */
import { defineBridgeTool } from './tool.ts';

export const listAccounts = defineBridgeTool({
  name: 'list_accounts',
  description: 'List the enabled accounts of the registry: id, name, aliases, environment, regions.',
  fields: {},
  policy: { reads: 'no-account' },
});
