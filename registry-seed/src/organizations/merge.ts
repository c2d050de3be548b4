/**
 * Pure merge of an organization's accounts with the rules and the YAML overrides into registry
 * accounts. The environment comes from accounts.yaml, else the environment tag, else the first
 * OU-path rule that matches (which may leave the account out), else the default; regions from
 * accounts.yaml, else that rule, else the default. The name is the account's name made a registry
 * name, unless accounts.yaml names it; what accounts.yaml says (aliases, regions, description,
 * tags) wins. Only ACTIVE accounts are enabled: suspended, closing, closed and not yet activated
 * ones are kept, disabled.
 */
import { ACCOUNT_ID, type Account } from '#contracts/registry.ts';
import { RESERVED_NAMES } from '../parse/cross-checks.ts';
import { environment as environmentSchema } from '../parse/schemas.ts';
import { ouMatcher } from './ou-path.ts';
import type { AccountOverride } from './parse-organization-files.ts';
import type { OrganizationAccount } from './read-organization.ts';
import type { OrganizationRules } from './rules.ts';

/** An organization account the registry does not hold, and why. */
export interface LeftOutAccount {
  readonly id: string;
  readonly name: string;
  readonly ouPath: string;
  readonly reason: string;
}

export interface MergeResult {
  readonly accounts: readonly Account[];
  readonly leftOut: readonly LeftOutAccount[];
  /** What an operator should know: unused overrides, tags that name no environment, renamed accounts. */
  readonly notes: readonly string[];
}

const NAME_LENGTH = 50;

/** An organization account's name as a registry name: one lower-case word of letters, digits, . _ - */
export function registryName(name: string, id: string): string {
  const word = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, NAME_LENGTH)
    .replace(/[._-]+$/, '');
  return word === '' || ACCOUNT_ID.test(word) ? `account-${id}` : word;
}

function tagEnvironment(
  account: OrganizationAccount,
  rule: OrganizationRules['environment'],
): { environment?: string; note?: string } {
  if (!rule) return {};
  const key = Object.keys(account.tags).find((tag) => tag.toLowerCase() === rule.tag.toLowerCase());
  if (key === undefined) return {};
  const value = account.tags[key] ?? '';
  const normalized = value.trim().toLowerCase();
  const parsed = environmentSchema.safeParse(rule.values[normalized] ?? normalized);
  return parsed.success
    ? { environment: parsed.data }
    : {
        note: `${account.id}: tag ${key}="${value}" names no environment (a lower-case word); OU rules decide`,
      };
}

export function mergeOrganization(
  organization: readonly OrganizationAccount[],
  files: { readonly rules: OrganizationRules; readonly overrides: readonly AccountOverride[] },
): MergeResult {
  const { rules } = files;
  const overrides = new Map(files.overrides.map((entry) => [entry.id, entry]));
  const inOrganization = new Set(organization.map((account) => account.id));
  const notes = files.overrides
    .filter((entry) => !inOrganization.has(entry.id))
    .map((entry) => `${entry.at}: account ${entry.id} is not in the organization; its override is unused`);
  const ouRules = rules.ouRules.map((rule, index) => ({ rule, index, matches: ouMatcher(rule.path) }));
  const leftOut: LeftOutAccount[] = [];
  const merged: { account: Omit<Account, 'name'>; name?: string; orgName: string }[] = [];

  for (const account of organization) {
    const override = overrides.get(account.id);
    const tag = override?.environment ? {} : tagEnvironment(account, rules.environment);
    if (tag.note) notes.push(tag.note);
    const matched = ouRules.find(({ matches }) => matches(account.ouPath));
    let environment = override?.environment ?? tag.environment;
    if (environment === undefined && matched?.rule.ignore) {
      leftOut.push({
        ...pick(account),
        reason: `ignored by ouRules[${matched.index}] (${matched.rule.path})`,
      });
      continue;
    }
    environment ??= matched?.rule.environment ?? rules.defaults.environment;
    if (environment === undefined) {
      leftOut.push({ ...pick(account), reason: 'no tag, OU rule or default gives it an environment' });
      continue;
    }
    const orgName = account.name || account.id;
    merged.push({
      account: {
        id: account.id,
        aliases: override?.aliases ?? [],
        environment,
        regions: override?.regions ?? matched?.rule.regions ?? rules.defaults.regions,
        enabled: account.state === 'ACTIVE' && override?.enabled !== false,
        description: override?.description ?? `${orgName} in ${account.ouPath}`,
        tags: { ...account.tags, ...override?.tags },
      },
      name: override?.name,
      orgName,
    });
  }
  return { accounts: nameAccounts(merged, notes), leftOut, notes };
}

function pick(account: OrganizationAccount) {
  return { id: account.id, name: account.name, ouPath: account.ouPath };
}

/**
 * Names from accounts.yaml stand; the others come from the organization's names. Where one of
 * those is taken (by accounts.yaml, a reserved word, or another account of the same name) every
 * claimant gets its id's last 4 digits appended, else its whole id: the same names whatever order
 * the organization lists them in.
 */
function nameAccounts(
  merged: readonly { account: Omit<Account, 'name'>; name?: string; orgName: string }[],
  notes: string[],
): Account[] {
  const taken = new Set(RESERVED_NAMES);
  for (const { account, name } of merged) {
    if (name !== undefined) taken.add(name.toLowerCase());
    for (const alias of account.aliases) taken.add(alias);
  }
  const candidates = new Map<string, string[]>();
  for (const { account, name, orgName } of merged) {
    if (name !== undefined) continue;
    const candidate = registryName(orgName, account.id);
    candidates.set(candidate, [...(candidates.get(candidate) ?? []), account.id]);
  }
  const names = new Map<string, string>();
  const claim = (id: string, name: string) => {
    names.set(id, name);
    taken.add(name);
  };
  const contested: [string, string[]][] = [];
  for (const [candidate, ids] of candidates) {
    if (ids.length === 1 && !taken.has(candidate)) claim(ids[0]!, candidate);
    else contested.push([candidate, ids]);
  }
  // Sorted, so that the organization's listing order never decides who gets which name.
  contested.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [candidate, ids] of contested) {
    ids.sort();
    for (const id of ids) {
      const short = `${candidate}-${id.slice(-4)}`;
      claim(id, taken.has(short) ? `${candidate}-${id}` : short);
    }
    const named = ids.map((id) => names.get(id)).join(', ');
    notes.push(
      `"${candidate}" would name ${ids.join(', ')}${ids.length === 1 ? ', but it is taken' : ''}: named ${named}`,
    );
  }
  return merged.map(({ account, name }) => ({
    ...account,
    name: name ?? names.get(account.id) ?? account.id,
  }));
}
