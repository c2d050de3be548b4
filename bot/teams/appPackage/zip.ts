/**
 * Builds the Teams app package (manifest.json + color.png + outline.png at the zip root) for
 * sideloading or org-wide publishing, with the bot id and app id filled in from the environment.
 * The zip is written by hand with node:zlib (deflate + CRC-32): no zip library is installed and
 * three files need nothing more.
 *
 *   MICROSOFT_APP_ID=<bot app id> [TEAMS_APP_ID=<guid>] npx tsx bot/teams/appPackage/zip.ts [out.zip]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

export const APP_PACKAGE_DIR = dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** A zip archive (deflate, no directories, no data descriptors) of `entries`. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data) >>> 0;
    // Version 2.0, UTF-8 names (bit 11), deflate, a fixed DOS time (reproducible builds).
    const common = [20, 0x0800, 8, 0, 0x21, crc, compressed.length, entry.data.length, name.length, 0];
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeFields(local, 4, common);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeFields(central, 6, common);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** version, flags, method, time, date, crc, sizes, name length, extra length: shared by both headers. */
function writeFields(
  buffer: Buffer,
  at: number,
  [version, flags, method, time, date, crc, size, rawSize, nameLength, extraLength]: number[],
): void {
  buffer.writeUInt16LE(version!, at);
  buffer.writeUInt16LE(flags!, at + 2);
  buffer.writeUInt16LE(method!, at + 4);
  buffer.writeUInt16LE(time!, at + 6);
  buffer.writeUInt16LE(date!, at + 8);
  buffer.writeUInt32LE(crc!, at + 10);
  buffer.writeUInt32LE(size!, at + 14);
  buffer.writeUInt32LE(rawSize!, at + 18);
  buffer.writeUInt16LE(nameLength!, at + 22);
  buffer.writeUInt16LE(extraLength!, at + 24);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'dist/centralops-teams.zip');
  const archive = zip(
    appPackageEntries({
      botId: process.env.MICROSOFT_APP_ID || undefined,
      appId: process.env.TEAMS_APP_ID || undefined,
    }),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, archive);
  console.log(`wrote ${out} (${archive.length} bytes)`);
}
