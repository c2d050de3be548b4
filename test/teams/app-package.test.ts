import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appPackageEntries, zip } from '#bot/teams/appPackage/zip.ts';

/** Reads a zip back through its central directory, checking each entry's CRC-32. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const crc = archive.readUInt32LE(at + 16);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const data = inflateRawSync(archive.subarray(dataStart, dataStart + size));
    expect(crc32(data) >>> 0).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

function pngSize(png: Buffer): { width: number; height: number; colorType: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25]! };
}

describe('Teams app package', () => {
  it('zips the manifest and both icons at the archive root with the bot id filled in', () => {
    // Prepare
    const botId = '11111111-2222-3333-4444-555555555555';

    // Act
    const files = unzip(zip(appPackageEntries({ botId })));

    // Assess
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.bots[0].botId).toBe(botId);
    expect(pngSize(files.get('color.png')!)).toMatchObject({ width: 192, height: 192 });
    // The outline icon is 32x32 with an alpha channel (white on transparent).
    expect(pngSize(files.get('outline.png')!)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('declares a bot for personal, team and group chat scopes with ops command hints', () => {
    // Act
    const manifest = JSON.parse(appPackageEntries()[0]!.data.toString('utf8'));

    // Assess
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toContain('/v1.22/MicrosoftTeams.schema.json');
    expect(manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const commands = bot.commandLists.flatMap(
      (list: { commands: { title: string; description: string }[] }) => list.commands,
    );
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const command of commands) {
      expect(command.title).toMatch(/^ops /);
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  });

  it('writes the same bytes for the same inputs (a reproducible build)', () => {
    // Act
    const first = zip(appPackageEntries());
    const second = zip(appPackageEntries());
    // Assess
    expect(first.equals(second)).toBe(true);
  });

  it('refuses a bot id that is not a GUID', () => {
    // Act + Assess
    expect(() => appPackageEntries({ botId: 'centralops-bot' })).toThrow(/GUID/);
  });
});
