/**
 * Writes the StackSet-ready member-role template:
 * `npx tsx infra/bin/member-role-template.ts [output path]` (default infra/templates/member-role.template.json).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../lib/bundles.ts';
import { MEMBER_ROLE_TEMPLATE_PATH, memberRoleTemplate } from '../lib/member-role-template.ts';

const output = path.resolve(REPO_ROOT, process.argv[2] ?? MEMBER_ROLE_TEMPLATE_PATH);
await writeFile(output, `${JSON.stringify(memberRoleTemplate(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), output)}`);
