import { join } from 'node:path';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import { RegistryValidationError } from '../errors.ts';
import { readOptional } from '../parse/load-registry-dir.ts';
import { type OrganizationFiles, parseOrganizationFiles } from './parse-organization-files.ts';

export interface LoadOrganizationDirOptions {
  /** rules.yaml elsewhere than in the directory. @default `<dir>/rules.yaml` */
  readonly rulesFile?: string;
}

/**
 * Reads and validates the files of a registry that follows an AWS organization from `dir`:
 * rules.yaml (required), accounts.yaml (overrides), identities.yaml, channels.yaml (optional).
 */
export async function loadOrganizationDir(
  dir: string,
  options: LoadOrganizationDirOptions = {},
): Promise<OrganizationFiles> {
  const rulesPath = options.rulesFile ?? join(dir, REGISTRY_FILES.rules);
  const [rules, accounts, identities, channels] = await Promise.all([
    readOptional(rulesPath),
    readOptional(join(dir, REGISTRY_FILES.accounts)),
    readOptional(join(dir, REGISTRY_FILES.identities)),
    readOptional(join(dir, REGISTRY_FILES.channels)),
  ]);
  if (rules === undefined) {
    throw new RegistryValidationError([
      { file: REGISTRY_FILES.rules, field: '', message: `not found at ${rulesPath}` },
    ]);
  }
  return parseOrganizationFiles({ rules, accounts, identities, channels });
}
