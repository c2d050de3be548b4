/**
 * `npm run alert -- alarm|health|guardduty|securityhub [--account id|name|alias] [--ok]`: fires a
 * sample alert into the running local stack (`npm start`), as a member account's rule would, and
 * prints where it went. PORT names the stack's chat page port (default 3000). Exit 0 when posted
 * somewhere, 1 when dropped or refused, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { ALERT_SOURCE_IDS, isAlertSourceId } from '#contracts/alert-sources.ts';

const USAGE = `usage: npm run alert -- ${ALERT_SOURCE_IDS.join('|')} [--account id|name|alias] [--ok]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { account: { type: 'string' }, ok: { type: 'boolean' }, help: { type: 'boolean' } },
});
const [kind] = positionals;
if (values.help || !kind || positionals.length > 1 || !isAlertSourceId(kind)) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const url = `http://127.0.0.1:${process.env.PORT ?? 3000}/local/alerts`;
let response: Response;
try {
  response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind, account: values.account, state: values.ok ? 'OK' : 'ALARM' }),
  });
} catch {
  console.error(`No local stack answers at ${url}: start it with npm start (or set PORT to its port).`);
  process.exit(1);
}
const result = (await response.json()) as {
  error?: string;
  eventId?: string;
  account?: string;
  routed?: { channels: string[] }[];
  dropped?: string[];
};
if (!response.ok) {
  console.error(result.error ?? `the local stack answered ${response.status}`);
  process.exit(response.status === 400 ? 2 : 1);
}
const channels = (result.routed ?? []).flatMap((routed) => routed.channels);
if (channels.length === 0) {
  console.log(
    `${kind} from ${result.account} (event ${result.eventId}) was not posted: ${(result.dropped ?? []).join('; ')}`,
  );
  process.exit(1);
}
console.log(`${kind} from ${result.account} (event ${result.eventId}) → ${channels.join(', ')}`);
