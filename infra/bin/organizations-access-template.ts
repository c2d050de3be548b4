/**
 * Writes the management-account template of the registry sync:
 * `npx tsx infra/bin/organizations-access-template.ts [output path]`
 * (default infra/templates/organizations-access.template.json).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../lib/bundles.ts';
import {
  ORGANIZATIONS_ACCESS_TEMPLATE_PATH,
  organizationsAccessTemplate,
} from '../lib/organizations-access-template.ts';

const output = path.resolve(REPO_ROOT, process.argv[2] ?? ORGANIZATIONS_ACCESS_TEMPLATE_PATH);
await writeFile(output, `${JSON.stringify(organizationsAccessTemplate(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), output)}`);
