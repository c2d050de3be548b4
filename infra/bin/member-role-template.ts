/**
 * Writes the StackSet-ready member templates: `npx tsx infra/bin/member-role-template.ts [output path]`
 * (default infra/templates/member-role.template.json), and the alert forwarding rules' beside the
 * default one (infra/templates/member-alerts.template.json).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../lib/bundles.ts';
import {
  MEMBER_ALERTS_TEMPLATE_PATH,
  MEMBER_ROLE_TEMPLATE_PATH,
  memberAlertsTemplate,
  memberRoleTemplate,
} from '../lib/member-role-template.ts';

const output = path.resolve(REPO_ROOT, process.argv[2] ?? MEMBER_ROLE_TEMPLATE_PATH);
await writeFile(output, `${JSON.stringify(memberRoleTemplate(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), output)}`);
if (process.argv[2] === undefined) {
  await writeFile(
    path.resolve(REPO_ROOT, MEMBER_ALERTS_TEMPLATE_PATH),
    `${JSON.stringify(memberAlertsTemplate(), null, 2)}\n`,
  );
  console.log(`wrote ${MEMBER_ALERTS_TEMPLATE_PATH}`);
}
