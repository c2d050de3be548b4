/**
 * The one bundling definition of CentralOps: every Lambda and the agent, bundled by esbuild into
 * `dist/<name>/index.mjs`. The CDK app deploys these bundles; `npm run build` (scripts/build.ts) and
 * the benches run the same function, so what is deployed is exactly what is measured.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { CentralOpsError, messageOf } from '#common/errors.ts';
import { type ChatPlatformId, chatPlatforms } from '#contracts/chat-platforms.ts';

/** Repository root (this file lives in `infra/lib/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A chat platform's bundles: its public ack path and its worker. */
export type PlatformBundleName = `${ChatPlatformId}-${'handler' | 'worker'}`;

/** The bundle of one of a platform's functions: `slack-handler`, `teams-worker`. */
export function platformBundleName(id: ChatPlatformId, fn: 'ack' | 'worker'): PlatformBundleName {
  return `${id}-${fn === 'ack' ? 'handler' : 'worker'}`;
}

const PLATFORM_ENTRY_POINTS = Object.fromEntries(
  chatPlatforms().flatMap((platform) => {
    const id = platform.id as ChatPlatformId;
    return [
      [platformBundleName(id, 'ack'), platform.bundles.ack],
      [platformBundleName(id, 'worker'), platform.bundles.worker],
    ];
  }),
) as Record<PlatformBundleName, string>;

/**
 * Bundle name → entry point (relative to the repo root). Each Lambda entry exports `handler`; the
 * chat platforms' come from their descriptors (contracts/chat-platforms.ts).
 */
export const ENTRY_POINTS = {
  bridge: 'bridge/src/handler.ts',
  ...PLATFORM_ENTRY_POINTS,
  'link-callback': 'bot/src/link/handler.ts',
  'registry-sync': 'registry-seed/src/organizations/handler.ts',
  'alerts-router': 'bot/src/alerts/handler.ts',
  'alerts-poster': 'bot/src/alerts/poster-handler.ts',
  agent: 'agent/src/main.ts',
} as const satisfies Record<string, string>;

export type BundleName = keyof typeof ENTRY_POINTS;

export const BUNDLE_NAMES = Object.keys(ENTRY_POINTS) as BundleName[];

/** File name of every bundle inside its directory (Lambda handler `index.handler`). */
export const BUNDLE_FILE = 'index.mjs';

// CommonJS dependencies (botbuilder, parts of the SDK) call `require`; ESM output has none.
const CJS_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const BUNDLE_FILE_PARTS = path.parse(BUNDLE_FILE);

/** Options shared by every bundle; the entry points and `outdir` are added per build. */
const ESBUILD_OPTIONS = {
  absWorkingDir: REPO_ROOT,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Prefer the ESM builds of dual packages: better tree-shaking.
  mainFields: ['module', 'main'],
  minify: true,
  // Error names come from `new.target.name` (common/errors.ts): minified class names would lose them.
  keepNames: true,
  treeShaking: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  banner: { js: CJS_REQUIRE_BANNER },
  // With `out: '<name>/index'`, every bundle lands in `<outdir>/<name>/index.mjs` (BUNDLE_FILE).
  outExtension: { '.js': BUNDLE_FILE_PARTS.ext },
  logLevel: 'silent',
} as const satisfies BuildOptions;

export interface BuildBundlesOptions {
  /**
   * Directory that receives `<name>/index.mjs`.
   * @default `<repo>/dist`
   */
  readonly outDir?: string;
  /**
   * Bundles to build.
   * @default every entry of ENTRY_POINTS
   */
  readonly names?: readonly BundleName[];
  /**
   * Entry point of each bundle (relative to the repo root, or absolute).
   * @default ENTRY_POINTS
   */
  readonly entryPoints?: Readonly<Partial<Record<BundleName, string>>>;
}

export interface BuiltBundle {
  readonly name: BundleName;
  readonly entry: string;
  /** Directory holding the bundle: the Lambda / AgentCore code asset. */
  readonly dir: string;
  readonly status: 'built';
  /** Size of `index.mjs` in bytes. */
  readonly bytes: number;
}

export interface MissingBundle {
  readonly name: BundleName;
  readonly entry: string;
  /** Holds a stub that throws at load, naming the missing entry point, so synth still works. */
  readonly dir: string;
  readonly status: 'missing';
}

export type Bundle = BuiltBundle | MissingBundle;

export interface BuildReport {
  readonly bundles: Readonly<Record<BundleName, Bundle>>;
  /** Entry points that do not exist yet (their bundle is a stub that fails loudly). */
  readonly missing: readonly BundleName[];
}

/** An entry point exists but does not bundle (a syntax error, an unresolvable import). */
export class BundleError extends CentralOpsError {}

/**
 * Bundles every requested entry point in one esbuild run (it shares the parsing of the common
 * dependencies). A missing entry point is reported, not fatal; one that fails to bundle throws a
 * BundleError naming every failure.
 */
export async function buildBundles(options: BuildBundlesOptions = {}): Promise<BuildReport> {
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'dist');
  const names = options.names ?? BUNDLE_NAMES;
  const entryPoints = { ...ENTRY_POINTS, ...options.entryPoints };
  const present = names.filter((name) => existsSync(path.resolve(REPO_ROOT, entryPoints[name])));
  await Promise.all(
    names.map(async (name) => {
      const dir = path.join(outDir, name);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      if (present.includes(name)) return;
      await writeFile(
        path.join(dir, BUNDLE_FILE),
        `throw new Error(${JSON.stringify(`CentralOps: ${entryPoints[name]} did not exist when this bundle was built`)});\n`,
      );
    }),
  );
  const bundle = (only: readonly BundleName[]) =>
    build({
      ...ESBUILD_OPTIONS,
      outdir: outDir,
      entryPoints: only.map((name) => ({ in: entryPoints[name], out: `${name}/${BUNDLE_FILE_PARTS.name}` })),
    });
  if (present.length > 0) {
    try {
      await bundle(present);
    } catch (error) {
      // esbuild's errors name the file that failed, not the bundles it belongs to: rebuild one by
      // one to name them.
      const settled = await Promise.allSettled(present.map((name) => bundle([name])));
      const failures = settled.flatMap((outcome, index) =>
        outcome.status === 'rejected' ? [{ name: present[index]!, error: outcome.reason as Error }] : [],
      );
      const described = failures.map(({ name, error }) => `${name} (${entryPoints[name]}): ${error.message}`);
      throw new BundleError(`cannot bundle ${described.join('; ') || messageOf(error)}`, {
        cause: failures[0]?.error ?? error,
      });
    }
  }
  const bundles = await Promise.all(
    names.map(async (name): Promise<Bundle> => {
      const entry = entryPoints[name];
      const dir = path.join(outDir, name);
      if (!present.includes(name)) return { name, entry, dir, status: 'missing' };
      const { size } = await stat(path.join(dir, BUNDLE_FILE));
      return { name, entry, dir, status: 'built', bytes: size };
    }),
  );
  return {
    bundles: Object.fromEntries(bundles.map((b) => [b.name, b])) as Record<BundleName, Bundle>,
    missing: bundles.filter((b) => b.status === 'missing').map((b) => b.name),
  };
}

/** One line per bundle: name, size, entry point. */
export function formatReport(report: BuildReport): string {
  return Object.values(report.bundles)
    .map((bundle) =>
      bundle.status === 'built'
        ? `${bundle.name.padEnd(14)} ${formatBytes(bundle.bytes).padStart(10)}  ${bundle.entry}`
        : `${bundle.name.padEnd(14)} ${'MISSING'.padStart(10)}  ${bundle.entry} (stub written)`,
    )
    .join('\n');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}
