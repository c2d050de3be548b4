/**
 * The floors of the repository (docs/architecture.md) as a test: which folder may import which,
 * imports that leave a folder go through its `#<folder>/…` alias, nothing imports test/, no import
 * cycles, and every dependency in package.json is used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/lib/bundles.ts';

/** Folder → the folders it may import (besides itself). Lower floors first. */
const FLOORS: Readonly<Record<string, readonly string[]>> = {
  contracts: [],
  common: [],
  access: ['contracts', 'common'],
  agent: ['contracts', 'common', 'access'],
  bridge: ['contracts', 'common', 'access'],
  bot: ['contracts', 'common', 'access'],
  'registry-seed': ['contracts', 'common', 'access'],
  infra: ['contracts', 'common'],
  local: ['contracts', 'common', 'access', 'agent', 'bridge', 'bot', 'registry-seed'],
  scripts: ['contracts', 'common', 'infra', 'local', 'bridge', 'registry-seed'],
  bench: ['contracts', 'common', 'access', 'agent', 'bridge', 'bot', 'registry-seed', 'infra', 'local'],
  test: [
    'contracts',
    'common',
    'access',
    'agent',
    'bridge',
    'bot',
    'registry-seed',
    'infra',
    'local',
    'scripts',
    'bench',
  ],
};

/**
 * Inside bot/src: the chat platforms and the link callback know each other only through platforms.ts;
 * the actions (buttons) know only the shared core, and the platforms' workers list them.
 */
const BOT_ROOMS: Readonly<Record<string, readonly string[]>> = {
  core: ['core', 'identity'],
  identity: ['core', 'identity'],
  runtime: ['core', 'runtime'],
  actions: ['core', 'actions'],
  link: ['core', 'identity', 'link', 'platforms.ts'],
  slack: ['core', 'identity', 'runtime', 'actions', 'slack'],
  teams: ['core', 'identity', 'runtime', 'actions', 'teams'],
};

/** Packages used as command-line tools or types, not imported by name, and why each is kept. */
const USED_WITHOUT_IMPORT: Readonly<Record<string, string>> = {
  '@biomejs/biome': 'npm run lint',
  typescript: 'npm run typecheck (tsc)',
  tsx: 'npm start, npm run build / synth / seed, the benches',
  'aws-cdk': 'npm run synth / deploy (the cdk CLI)',
  '@microsoft/m365agentsplayground': 'its CLI drives the Teams playground test',
  '@types/aws-lambda': "types of the 'aws-lambda' event shapes",
  '@types/node': 'types of node:*',
  '@types/shell-quote': 'types of shell-quote',
};

interface SourceImport {
  readonly file: string;
  readonly specifier: string;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** Packages loaded by name at run time: through require, require.resolve or createRequire(import.meta.url). */
const REQUIRE =
  /(?:\brequire(?:\.resolve)?|createRequire\(import\.meta\.url\)(?:\.resolve)?)\(\s*['"`]([a-z@][^'"`$]*)['"`/]/g;

function sourceFiles(dir = REPO_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'cdk.out', 'artifacts'].includes(entry.name) || entry.name.startsWith('.'))
      return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path.relative(REPO_ROOT, full)] : [];
  });
}

const FILES = sourceFiles();
const IMPORTS: SourceImport[] = FILES.flatMap((file) =>
  [...readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(IMPORT)].map((match) => ({
    file,
    specifier: (match[1] ?? match[2])!,
  })),
);

const folderOf = (file: string) => file.split(path.sep)[0]!;

/** The repository path an alias or relative specifier names; undefined for a package. */
function target(from: SourceImport): string | undefined {
  if (from.specifier.startsWith('#')) return path.normalize(from.specifier.slice(1));
  if (from.specifier.startsWith('.'))
    return path.normalize(path.join(path.dirname(from.file), from.specifier));
  return undefined;
}

describe('Floors', () => {
  it('lets each folder import only the floors below it', () => {
    // Act
    const upward = IMPORTS.flatMap((entry) => {
      const to = target(entry);
      const [from, into] = [folderOf(entry.file), to && folderOf(to)];
      if (!into || into === from || (FLOORS[from] ?? []).includes(into)) return [];
      return [`${entry.file} → ${entry.specifier}`];
    });
    // Assess
    expect(upward).toEqual([]);
  });

  it('reaches another folder through its #alias, never a ../ path out of its own', () => {
    const escaping = IMPORTS.filter((entry) => {
      const to = target(entry);
      return entry.specifier.startsWith('.') && to !== undefined && folderOf(to) !== folderOf(entry.file);
    }).map((entry) => `${entry.file} → ${entry.specifier}`);
    expect(escaping).toEqual([]);
  });

  it('keeps the chat platforms and the link callback apart inside bot/', () => {
    const crossing = IMPORTS.flatMap((entry) => {
      const to = target(entry);
      if (
        !entry.file.startsWith(`bot${path.sep}src${path.sep}`) ||
        !to?.startsWith(`bot${path.sep}src${path.sep}`)
      )
        return [];
      const [from, into] = [entry.file.split(path.sep)[2]!, to.split(path.sep)[2]!];
      const allowed = BOT_ROOMS[from];
      return allowed && !allowed.includes(into) ? [`${entry.file} → ${entry.specifier}`] : [];
    });
    expect(crossing).toEqual([]);
  });

  it('has no import cycle', () => {
    // Prepare
    const graph = new Map<string, string[]>();
    for (const entry of IMPORTS) {
      const to = target(entry);
      if (to && FILES.includes(to)) graph.set(entry.file, [...(graph.get(entry.file) ?? []), to]);
    }
    // Act: depth-first, a file met again while on the path closes a cycle
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
    // Assess
    expect(cycles).toEqual([]);
  });
});

describe('Dependencies', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)];
  const required = FILES.flatMap((file) =>
    [...readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(REQUIRE)].map((match) => match[1]!),
  );
  const imported = new Set(
    [...IMPORTS.filter((entry) => target(entry) === undefined).map(({ specifier }) => specifier), ...required]
      .filter((specifier) => !specifier.startsWith('node:'))
      .map((specifier) =>
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );

  it('declares no package that nothing uses', () => {
    const unused = declared.filter(
      (name) => !imported.has(name) && !Object.hasOwn(USED_WITHOUT_IMPORT, name),
    );
    expect(unused).toEqual([]);
  });

  it('imports no package it does not declare', () => {
    // `aws-lambda` is types only (@types/aws-lambda); `module` is node's, in the bundles' banner.
    const undeclared = [...imported].filter(
      (name) => !declared.includes(name) && !['aws-lambda', 'module'].includes(name),
    );
    expect(undeclared).toEqual([]);
  });

  it('keeps no reason for a package that is imported after all', () => {
    const stale = Object.keys(USED_WITHOUT_IMPORT).filter((name) => imported.has(name));
    expect(stale).toEqual([]);
  });
});
