/**
 * Where a running `npm start` says it is: `.local/stack.json` (git-ignored), written once the
 * stack is up and removed when it stops, so `npm run ask` can find it. A file left behind by a
 * stack that died is recognized as stale (its process is gone, or its agent does not answer).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnv } from '#common/env.ts';

export interface StackState {
  readonly pid: number;
  /** The agent's runtime server. */
  readonly agentUrl: string;
  /** The Slack workspace the stack answers (channel policies are keyed by it). */
  readonly workspace: string;
  /** Cognito username → sub. */
  readonly subs: Readonly<Record<string, string>>;
}

/** The repository's `.local/`, or CENTRALOPS_STATE_DIR (tests, several checkouts). */
export const DEFAULT_STATE_DIR =
  readEnv(process.env).text('CENTRALOPS_STATE_DIR') ??
  fileURLToPath(new URL('../../.local/', import.meta.url));
const FILE = 'stack.json';

export async function writeStackState(state: StackState, dir = DEFAULT_STATE_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeStackState(dir = DEFAULT_STATE_DIR): Promise<void> {
  await rm(join(dir, FILE), { force: true });
}

/** The state of a stack that is running and answering now, else undefined. */
export async function runningStack(dir = DEFAULT_STATE_DIR): Promise<StackState | undefined> {
  let state: StackState;
  try {
    state = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
  if (!alive(state.pid) || typeof state.agentUrl !== 'string') return undefined;
  try {
    const ping = await fetch(`${state.agentUrl}/ping`, { signal: AbortSignal.timeout(2_000) });
    return ping.ok ? state : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
