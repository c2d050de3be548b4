/**
 * Pure parse-and-validate of a registry that follows an AWS organization: rules.yaml (required),
 * accounts.yaml as overrides (each entry an id and only the fields people decide: any of name,
 * aliases, environment, regions, enabled, description, tags), identities.yaml and channels.yaml.
 * Every problem is collected with its file and line and thrown together.
 */
import { z } from 'zod';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import { type RegistryProblem, RegistryValidationError } from '../errors.ts';
import type { ParsedFiles } from '../parse/cross-checks.ts';
import { checkAccountWords } from '../parse/cross-checks.ts';
import { parseReferenceFiles, validateSource } from '../parse/parse-registry.ts';
import { ACCOUNT_FIELDS } from '../parse/schemas.ts';
import { YamlSource } from '../parse/yaml-source.ts';
import { type OrganizationRules, parseRules } from './rules.ts';

const override = z.strictObject({
  id: ACCOUNT_FIELDS.id,
  name: ACCOUNT_FIELDS.name.optional(),
  aliases: ACCOUNT_FIELDS.aliases.optional(),
  environment: ACCOUNT_FIELDS.environment.optional(),
  regions: ACCOUNT_FIELDS.regions.optional(),
  enabled: ACCOUNT_FIELDS.enabled.optional(),
  description: ACCOUNT_FIELDS.description.optional(),
  tags: ACCOUNT_FIELDS.tags.optional(),
});
const overridesFile = z.strictObject({ accounts: z.array(override).default([]) });

/** What accounts.yaml says of one organization account; what it leaves out comes from the organization. */
export type AccountOverride = z.output<typeof override> & {
  /** `accounts.yaml:12`, for the report's notes. */
  readonly at: string;
};

/** The files' text; only rules.yaml is required. */
export interface OrganizationSources {
  readonly rules: string;
  readonly accounts?: string;
  readonly identities?: string;
  readonly channels?: string;
}

export interface OrganizationFiles {
  readonly rules: OrganizationRules;
  readonly overrides: readonly AccountOverride[];
  /** identities.yaml and channels.yaml, checked against the merged accounts once the organization is read. */
  readonly references: Pick<ParsedFiles, 'identities' | 'channels'>;
}

export function parseOrganizationFiles(sources: OrganizationSources): OrganizationFiles {
  const problems: RegistryProblem[] = [];
  let rules: OrganizationRules | undefined;
  try {
    rules = parseRules(sources.rules);
  } catch (error) {
    if (!(error instanceof RegistryValidationError)) throw error;
    problems.push(...error.problems);
  }
  const source = new YamlSource(REGISTRY_FILES.accounts, sources.accounts ?? 'accounts: []');
  const overrides = validateSource(overridesFile, source, problems);
  if (overrides) problems.push(...checkAccountWords(source, overrides.accounts));
  const references = parseReferenceFiles(sources, problems);
  if (problems.length || !rules || !overrides || !references) throw new RegistryValidationError(problems);
  return {
    rules,
    overrides: overrides.accounts.map((entry, index) => {
      const line = source.lineOf(['accounts', index]);
      return {
        ...entry,
        ...(entry.aliases ? { aliases: [...new Set(entry.aliases)] } : {}),
        at: line === undefined ? REGISTRY_FILES.accounts : `${REGISTRY_FILES.accounts}:${line}`,
      };
    }),
    references,
  };
}
