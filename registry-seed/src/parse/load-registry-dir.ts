import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import { RegistryValidationError } from '../errors.ts';
import type { Registry } from '../types.ts';
import { parseRegistry } from './parse-registry.ts';

/** The file's text, or undefined when it does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads and validates `accounts.yaml` (required), `identities.yaml` and `channels.yaml` (optional)
 * from `dir`. Throws RegistryValidationError naming file, line and field of every problem.
 */
export async function loadRegistryDir(dir: string): Promise<Registry> {
  const [accounts, identities, channels] = await Promise.all([
    readOptional(join(dir, REGISTRY_FILES.accounts)),
    readOptional(join(dir, REGISTRY_FILES.identities)),
    readOptional(join(dir, REGISTRY_FILES.channels)),
  ]);
  // Its accounts.yaml holds overrides of an organization's accounts, not accounts.
  if ((await readOptional(join(dir, REGISTRY_FILES.rules))) !== undefined) {
    throw new RegistryValidationError([
      {
        file: REGISTRY_FILES.rules,
        field: '',
        message: `${dir} follows an AWS organization: seed it with npm run seed -- --from-organizations`,
      },
    ]);
  }
  if (accounts === undefined) {
    throw new RegistryValidationError([
      { file: REGISTRY_FILES.accounts, field: '', message: `not found in ${dir}` },
    ]);
  }
  return parseRegistry({ accounts, identities, channels });
}
