/**
 * `npm run bench`: runs every benchmark in bench/ one after another, each in its own Node process
 * so one's warm caches never flatter another's figures. `npm run bench -- bridge` runs matching ones.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
if (benches.length === 0) console.log(`no benchmark matches ${filters.join(' ')}`);
process.exitCode = failed === 0 ? 0 : 1;
