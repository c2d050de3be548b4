/**
 * One real round trip through Microsoft 365 Agents Playground (its Teams channel emulation and
 * mocked connector) driven in headless Chromium: type `ops prod s3` in the personal chat, see the
 * bot's answer rendered. The screenshot is kept as test/artifacts/teams-playground.png.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsLocalServer, type TeamsLocalServer } from '#bot/src/teams/local-server.ts';
import {
  createTeamsBot,
  MemoryDedupe,
  type ScriptedAgent,
  startScriptedAgent,
  type TeamsBot,
} from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const PLAYGROUND = resolve('node_modules/.bin/agentsplayground');
const SCREENSHOT = resolve('test/artifacts/teams-playground.png');
/** The tenant the Playground puts on every activity. */
const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';

/** Starts the Playground on a free port (-p 0) and resolves with the port it printed. */
function startPlayground(
  endpoint: string,
  workDir: string,
): Promise<{ process: ChildProcess; port: number }> {
  // Headless: a no-op xdg-open so it cannot launch a browser of its own.
  const bin = join(workDir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const child = spawn(PLAYGROUND, ['-e', endpoint, '-c', 'msteams', '-p', '0', '--disable-telemetry'], {
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePort, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) resolvePort({ process: child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`agentsplayground exited (${code}): ${output}`)));
  });
}

describe('Teams adapter in Microsoft 365 Agents Playground', () => {
  let workDir: string;
  let agent: ScriptedAgent;
  let bot: TeamsBot;
  let server: TeamsLocalServer;
  let playground: ChildProcess | undefined;
  let port: number;
  let browser: BrowserContext | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'teams-playground-'));
    agent = await startScriptedAgent();
    bot = createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      extraTenants: [PLAYGROUND_TENANT],
    });
    server = await startTeamsLocalServer({ handler: bot.handler });
    ({ process: playground, port } = await startPlayground(server.url, workDir));
    browser = await chromium.launchPersistentContext(join(workDir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (playground && playground.exitCode === null) {
      const exited = new Promise((resolveExit) => playground!.once('exit', resolveExit));
      playground.kill('SIGTERM');
      await exited;
    }
    await Promise.all([server?.stop(), agent?.stop()]);
    await bot?.dispatcher.idle();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('answers `ops prod s3` typed in the personal chat with the account and region named', async () => {
    // Prepare
    const page = browser!.pages()[0] ?? (await browser!.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    const compose = page.getByRole('textbox').first();
    await compose.waitFor({ timeout: 20_000 });

    // Act
    await compose.click();
    await page.keyboard.type('ops prod s3');
    await page.getByRole('button', { name: 'Send Message' }).click();

    // Assess
    await page.getByText('us-east-1 · 3 buckets').first().waitFor({ timeout: 20_000 });
    await expect(page.getByText('payments-prod').first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('payments-staging').first().isVisible()).resolves.toBe(true);
    // The collapsed details of one account + region open on a tap.
    await page.getByRole('button', { name: 'Details (us-east-1)' }).first().click();
    await page.getByText('payments-logs').first().waitFor({ timeout: 5_000 });
    mkdirSync(resolve('test/artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(agent.requests.at(-1)!.body).toMatchObject({
      command: { name: 'ops', text: 'prod s3' },
      conversation: { platform: 'teams', workspace: PLAYGROUND_TENANT },
    });
  });
});
