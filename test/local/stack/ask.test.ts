/**
 * `npm run ask`: it asks the stack `npm start` runs when its state file says one answers, and
 * starts one of its own otherwise; exit code 0 on an answer, 1 on a refusal.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '#local/stack/ask.ts';
import { LOCAL_SLACK_TEAM, type LocalStack, startLocalStack } from '#local/stack/stack.ts';
import { removeStackState, runningStack, writeStackState } from '#local/stack/stack-state.ts';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  err.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { out, err, text: () => ({ stdout, stderr }) };
}

describe('npm run ask', () => {
  let stack: LocalStack;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ask-state-'));
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('asks the running stack its state file names, printing the answer (exit 0)', async () => {
    // Prepare
    await writeStackState(
      { pid: process.pid, agentUrl: stack.agentUrl, workspace: LOCAL_SLACK_TEAM, subs: stack.subs },
      stateDir,
    );
    stack.sandbox!.resetCalls();
    const io = capture();
    let started = false;
    // Act
    const code = await ask({
      question: '/ops prod changes 1h',
      stateDir,
      out: io.out,
      err: io.err,
      start: async () => {
        started = true;
        throw new Error('must not start a stack');
      },
    });
    // Assess
    expect(code).toBe(0);
    expect(started).toBe(false);
    expect(io.text().stderr).toContain(`Asking the running local stack (pid ${process.pid})`);
    expect(io.text().stdout).toMatch(/^- payments-prod \(111111111111\) us-east-1: \d+ changes by/m);
    expect(stack.sandbox!.calls.sts.length).toBeGreaterThan(0);
  });

  it('saves a chart as a PNG file and prints where, with its alt text', async () => {
    // Prepare
    const io = capture();
    // Act
    const code = await ask({ question: '/ops prod metric alb-5xx', stateDir, out: io.out, err: io.err });
    // Assess
    expect(code).toBe(0);
    expect(io.text().stdout).toContain(
      `[chart] ${join(stateDir, 'charts', 'alb-5xx-payments-prod-us-east-1.png')}: alb-5xx`,
    );
  });

  it('exits 1 when the channel refuses every account asked (bob has no prod group)', async () => {
    // Prepare
    const io = capture();
    // Act
    const code = await ask({
      question: '/ops prod changes 1h',
      user: 'bob',
      stateDir,
      out: io.out,
      err: io.err,
    });
    // Assess
    expect(code).toBe(1);
    expect(io.text().stdout).toMatch(
      /! unauthorized: You may not read payments-prod \(111111111111\): it needs ops-prod-readers/,
    );
  });

  it('exits 1 on a policy refusal', async () => {
    // Prepare
    const io = capture();
    // Act
    const code = await ask({
      question: '/ops prod aws iam CreateUser --UserName eve',
      stateDir,
      out: io.out,
      err: io.err,
    });
    // Assess
    expect(code).toBe(1);
    expect(io.text().stdout).toMatch(/^! refused: .*creates IAM resources/m);
  });

  it('treats a state file whose process is gone as no stack', async () => {
    // Prepare: a pid that cannot be running.
    await writeStackState(
      { pid: 2 ** 22 + 12_345, agentUrl: stack.agentUrl, workspace: LOCAL_SLACK_TEAM, subs: {} },
      stateDir,
    );
    // Act / Assess
    expect(await runningStack(stateDir)).toBeUndefined();
    await removeStackState(stateDir);
    expect(await runningStack(stateDir)).toBeUndefined();
  });

  it('starts a stack of its own when none runs, as the CLI (exit 0, then 1 for an unknown user)', async () => {
    // Prepare
    const empty = await mkdtemp(join(tmpdir(), 'ask-none-'));
    const run = promisify(execFile);
    const cli = (args: string[]) =>
      run('npx', ['tsx', 'scripts/ask.ts', ...args], {
        cwd: new URL('../../../', import.meta.url).pathname,
        env: { ...process.env, CENTRALOPS_STATE_DIR: empty },
      });
    try {
      // Act
      const answered = await cli(['--channel', 'C0INCIDENT', '/ops dev health']);
      const unknown = await cli(['--user', 'mallory', '/ops dev health']).then(
        () => 0,
        (error: { code: number; stderr: string }) => {
          expect(error.stderr).toContain('No user "mallory" in the local stack: try alice, bob');
          return error.code;
        },
      );
      // Assess
      expect(answered.stderr).toContain('No local stack running (npm start): starting one for this question');
      expect(answered.stdout).toMatch(/- sandbox-dev \(333333333333\) us-east-1: /);
      expect(unknown).toBe(1);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
