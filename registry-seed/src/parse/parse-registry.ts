import type { z } from 'zod';
import { type Account, REGISTRY_FILES } from '#contracts/registry.ts';
import { type RegistryProblem, RegistryValidationError } from '../errors.ts';
import type { Registry } from '../types.ts';
import { channelsWithAccountIds, crossCheck, indexAccounts, type ParsedFiles } from './cross-checks.ts';
import { FILE_SCHEMAS, registryErrorMap } from './schemas.ts';
import { formatPath, YamlSource } from './yaml-source.ts';

/** The registry files' text; identities and channels may be absent (then empty). */
export interface RegistrySources {
  readonly accounts: string;
  readonly identities?: string;
  readonly channels?: string;
}

/** The file's data if it is well-formed YAML of the schema's shape; else its problems, pushed. */
export function validateSource<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  problems: RegistryProblem[],
): z.output<S> | undefined {
  if (source.problems.length) {
    problems.push(...source.problems);
    return undefined;
  }
  const result = schema.safeParse(source.data ?? {}, { error: registryErrorMap });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({
          file: source.file,
          line: source.lineOfKey(path),
          field: formatPath(path),
          message: issue.message,
        });
      }
    } else {
      problems.push(source.problem(issue.path, issue.message));
    }
  }
  return undefined;
}

/** Aliases are lower-cased by the schema; a repeated one is dropped rather than refused. */
function normalizeAccount(account: Account): Account {
  return { ...account, aliases: [...new Set(account.aliases)] };
}

/**
 * Pure parse-and-validate of the registry files: every problem is collected (file, line, field)
 * and thrown together as one RegistryValidationError.
 */
export function parseRegistry(sources: RegistrySources): Registry {
  const problems: RegistryProblem[] = [];
  const accountsSource = new YamlSource(REGISTRY_FILES.accounts, sources.accounts);
  const accounts = validateSource(FILE_SCHEMAS.accounts, accountsSource, problems);
  const references = parseReferenceFiles(sources, problems);

  // Cross-file rules need every file readable; report field problems first, then the rest.
  if (accounts && references) {
    problems.push(...crossCheck({ accounts: { source: accountsSource, data: accounts }, ...references }));
  }
  if (problems.length || !accounts) throw new RegistryValidationError(problems);
  return {
    accounts: accounts.accounts.map(normalizeAccount),
    identities: references?.identities?.data.identities ?? [],
    channels: channelsWithAccountIds(
      references?.channels?.data.channels ?? [],
      indexAccounts(accounts.accounts),
    ),
  };
}

/**
 * identities.yaml and channels.yaml (each optional) validated field by field; undefined when
 * either has problems (pushed onto `problems`).
 */
export function parseReferenceFiles(
  sources: Pick<RegistrySources, 'identities' | 'channels'>,
  problems: RegistryProblem[],
): Pick<ParsedFiles, 'identities' | 'channels'> | undefined {
  const identitiesSource =
    sources.identities === undefined
      ? undefined
      : new YamlSource(REGISTRY_FILES.identities, sources.identities);
  const identities = identitiesSource && validateSource(FILE_SCHEMAS.identities, identitiesSource, problems);
  const channelsSource =
    sources.channels === undefined ? undefined : new YamlSource(REGISTRY_FILES.channels, sources.channels);
  const channels = channelsSource && validateSource(FILE_SCHEMAS.channels, channelsSource, problems);
  if ((identitiesSource && !identities) || (channelsSource && !channels)) return undefined;
  return {
    ...(identitiesSource && identities ? { identities: { source: identitiesSource, data: identities } } : {}),
    ...(channelsSource && channels ? { channels: { source: channelsSource, data: channels } } : {}),
  };
}
