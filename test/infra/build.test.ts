import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, BundleError, buildBundles, REPO_ROOT } from '#infra/lib/bundles.ts';
import { BundledFunction } from '#infra/lib/constructs/bundled-function.ts';

const execFileAsync = promisify(execFile);
let dir: string;

// Inside the repo (test/artifacts, ignored) so entries resolve node_modules; plain .js so tsc skips them.
beforeAll(async () => {
  await mkdir(path.join(REPO_ROOT, 'test/artifacts'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'test/artifacts', 'infra-build-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildBundles', () => {
  it('bundles an entry point into index.mjs with the createRequire banner for CommonJS deps', async () => {
    // Prepare: a CommonJS dependency (shell-quote) imported from ESM
    const entry = path.join(dir, 'entry.js');
    await writeFile(
      entry,
      "import { parse } from 'shell-quote';\nexport const handler = async () => parse('aws s3 ls').length;\n",
    );

    // Act
    const report = await buildBundles({
      outDir: path.join(dir, 'out'),
      names: ['bridge'],
      entryPoints: { bridge: entry },
    });
    const bundle = report.bundles.bridge;
    const { stdout } = await execFileAsync(process.execPath, [
      '--input-type=module',
      '-e',
      `const { handler } = await import(${JSON.stringify(path.join(bundle.dir, BUNDLE_FILE))}); console.log(await handler());`,
    ]);

    // Assess
    expect(bundle).toMatchObject({ status: 'built', bytes: expect.any(Number) });
    expect(report.missing).toEqual([]);
    expect(stdout.trim()).toBe('3');
  });

  it('keeps error class names through minification, as logs and callers read them', async () => {
    // Prepare: errors whose name comes from new.target
    const entry = path.join(dir, 'errors.js');
    await writeFile(
      entry,
      "import { RefusedError } from '#bridge/src/errors.ts';\nimport { ConfigError } from '#common/errors.ts';\n" +
        "export const handler = async () => [new RefusedError('r').name, new ConfigError('c').name].join(',');\n",
    );

    // Act
    const report = await buildBundles({
      outDir: path.join(dir, 'names'),
      names: ['bridge'],
      entryPoints: { bridge: entry },
    });
    const { stdout } = await execFileAsync(process.execPath, [
      '--input-type=module',
      '-e',
      `const { handler } = await import(${JSON.stringify(path.join(report.bundles.bridge.dir, BUNDLE_FILE))}); console.log(await handler());`,
    ]);

    // Assess
    expect(stdout.trim()).toBe('RefusedError,ConfigError');
  });

  it('reports a missing entry point and writes a stub that fails loudly at load', async () => {
    // Act
    const report = await buildBundles({
      outDir: path.join(dir, 'out'),
      names: ['agent'],
      entryPoints: { agent: 'agent/src/not-written-yet.ts' },
    });
    const load = execFileAsync(process.execPath, [path.join(report.bundles.agent.dir, BUNDLE_FILE)]);

    // Assess
    expect(report.missing).toEqual(['agent']);
    expect(report.bundles.agent.status).toBe('missing');
    await expect(load).rejects.toThrow(/agent\/src\/not-written-yet\.ts did not exist/);
  });

  it('fails with a BundleError naming the entry point when it does not bundle', async () => {
    // Prepare
    const entry = path.join(dir, 'broken.js');
    await writeFile(
      entry,
      "import { nothing } from './no-such-module.js';\nexport const handler = nothing;\n",
    );

    // Act
    const build = buildBundles({
      outDir: path.join(dir, 'out'),
      names: ['bridge'],
      entryPoints: { bridge: entry },
    });

    // Assess
    await expect(build).rejects.toThrow(BundleError);
    await expect(build).rejects.toThrow(/bridge \(.*broken\.js\)/);
  });
});

describe('BundledFunction', () => {
  it('warns at synth when its bundle is a stub for a missing entry point', async () => {
    // Prepare
    const report = await buildBundles({
      outDir: path.join(dir, 'stub'),
      names: ['bridge'],
      entryPoints: { bridge: 'bridge/src/not-written-yet.ts' },
    });
    const stack = new Stack(new App(), 'S');

    // Act
    new BundledFunction(stack, 'Fn', { bundle: report.bundles.bridge, description: 'stub' });

    // Assess
    Annotations.fromStack(stack).hasWarning(
      '/S/Fn',
      Match.stringLikeRegexp('not-written-yet.ts does not exist yet'),
    );
  });
});
