/**
 * `npm run ask -- [--user alice] [--channel C0INCIDENT] "/ops prod changes 1h"`: asks the running
 * local stack (npm start) or starts one, prints the streamed answer as plain text; exit code 0 on
 * an answer, 1 on a refusal or an error, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { ask } from '#local/stack/ask.ts';

const USAGE = 'Usage: npm run ask -- [--user alice] [--channel C0INCIDENT] "/ops prod changes 1h"';

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { user: { type: 'string' }, channel: { type: 'string' }, help: { type: 'boolean' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const question = parsed.positionals.join(' ').trim();
if (parsed.values.help || !question) {
  console.error(USAGE);
  process.exit(parsed.values.help ? 0 : 2);
}
process.exitCode = await ask({
  question,
  ...(parsed.values.user ? { user: parsed.values.user } : {}),
  ...(parsed.values.channel ? { channel: parsed.values.channel } : {}),
  out: process.stdout,
  err: process.stderr,
});
