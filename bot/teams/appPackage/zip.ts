/**
 * Builds the Teams app package (manifest.json + color.png + outline.png at the zip root) for
 * sideloading or org-wide publishing, with the bot id and app id filled in from the environment.
 * fflate writes the zip.
 *
 *   MICROSOFT_APP_ID=<bot app id> [TEAMS_APP_ID=<guid>] npx tsx bot/teams/appPackage/zip.ts [out.zip]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { readEnv } from '#common/env.ts';

export const APP_PACKAGE_DIR = dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fixed date for every file: the same inputs give the same package. */
const BUILD_DATE = new Date('2024-01-01T00:00:00Z');

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

export interface AppPackageOptions {
  /** The bot's Entra app id (bots[0].botId). @default the manifest's placeholder */
  readonly botId?: string;
  /** The Teams app id (manifest `id`). @default the manifest's */
  readonly appId?: string;
}

/** The package's files, manifest ids replaced; throws on an id that is not a GUID. */
export function appPackageEntries(options: AppPackageOptions = {}): ZipEntry[] {
  const manifest = JSON.parse(readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8'));
  for (const [field, value] of [
    ['botId', options.botId],
    ['appId', options.appId],
  ] as const) {
    if (value !== undefined && !GUID.test(value)) throw new Error(`${field} must be a GUID, got "${value}"`);
  }
  if (options.appId) manifest.id = options.appId;
  if (options.botId) manifest.bots[0].botId = options.botId;
  return [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: readFileSync(join(APP_PACKAGE_DIR, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(APP_PACKAGE_DIR, 'outline.png')) },
  ];
}

/** A zip archive of `entries` (deflate), every file dated the same day so builds are reproducible. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  return Buffer.from(
    zipSync(Object.fromEntries(entries.map((entry) => [entry.name, [entry.data, { mtime: BUILD_DATE }]]))),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'dist/centralops-teams.zip');
  const read = readEnv();
  const archive = zip(
    appPackageEntries({ botId: read.text('MICROSOFT_APP_ID'), appId: read.text('TEAMS_APP_ID') }),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, archive);
  console.log(`wrote ${out} (${archive.length} bytes)`);
}
