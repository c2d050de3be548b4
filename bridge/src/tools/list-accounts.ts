/** `list_accounts`: the registry's enabled accounts, without their tags and descriptions. */
import type { ToolContext } from './context.ts';

export async function listAccounts(_input: unknown, context: ToolContext): Promise<unknown> {
  const accounts = await context.registry.listEnabled();
  return {
    accounts: accounts.map(({ id, name, aliases, environment, regions }) => ({
      id,
      name,
      aliases,
      environment,
      regions,
    })),
  };
}
