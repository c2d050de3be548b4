/**
 * `npm run ask`: one question to the local stack, the streamed answer printed as plain text as it
 * arrives. It asks the stack `npm start` runs (found through its state file), or starts one of its
 * own for the question and stops it after. The question goes to the agent's runtime server as the
 * bot sends it (the user's Cognito sub as runtime user, the channel's conversation), so the
 * channel's policy and the user's groups apply. Charts are saved as PNG files next to the state.
 * Exit code 0 on an answer, 1 on a refusal or an error.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { messageOf } from '#common/errors.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { LOCAL_SLACK_TEAM, type LocalStack, startLocalStack } from './stack.ts';
import { DEFAULT_STATE_DIR, runningStack, type StackState } from './stack-state.ts';

export interface AskOptions {
  readonly question: string;
  /** Cognito username. @default 'alice' */
  readonly user?: string;
  /** Slack channel id whose policy applies. @default 'C0INCIDENT' */
  readonly channel?: string;
  /** Where the running stack's state file is, and charts are saved. @default DEFAULT_STATE_DIR */
  readonly stateDir?: string;
  readonly out: Writable;
  readonly err: Writable;
  /** Starts a stack when none runs. @default startLocalStack on free ports */
  readonly start?: () => Promise<LocalStack>;
}

/** How an answer went, for the exit code. */
interface Tally {
  results: number;
  errors: number;
  turnErrors: number;
  final: boolean;
}

function plain(markdown: string): string {
  return markdown.replace(/\*\*/g, '').replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|$|[.,:;])/g, '$1$2');
}

export async function ask(options: AskOptions): Promise<number> {
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  let own: LocalStack | undefined;
  let state: StackState | undefined = await runningStack(stateDir);
  if (state) {
    options.err.write(`Asking the running local stack (pid ${state.pid}).\n`);
  } else {
    options.err.write('No local stack running (npm start): starting one for this question…\n');
    own = await (options.start ?? (() => startLocalStack({ port: 0 })))();
    state = { pid: process.pid, agentUrl: own.agentUrl, workspace: LOCAL_SLACK_TEAM, subs: own.subs };
  }
  try {
    const user = options.user ?? 'alice';
    const sub = state.subs[user];
    if (!sub) {
      options.err.write(`No user "${user}" in the local stack: try ${Object.keys(state.subs).join(', ')}.\n`);
      return 1;
    }
    const client = new AgentRuntimeClient({ agentRuntimeUrl: `${state.agentUrl}/invocations` });
    const tally: Tally = { results: 0, errors: 0, turnErrors: 0, final: false };
    const events = client.invoke(
      {
        prompt: options.question,
        conversation: {
          platform: 'slack',
          workspace: state.workspace,
          channel: options.channel ?? 'C0INCIDENT',
          thread: `ask-${Date.now()}`,
        },
      },
      sub,
    );
    for await (const event of events) await print(event, options, stateDir, tally);
    if (!tally.final) return 1;
    const refusedOrFailed = tally.turnErrors > 0 || (tally.results === 0 && tally.errors > 0);
    return refusedOrFailed ? 1 : 0;
  } catch (error) {
    options.err.write(`The question could not be asked: ${messageOf(error)}\n`);
    return 1;
  } finally {
    await own?.stop();
  }
}

async function print(event: AgentEvent, options: AskOptions, stateDir: string, tally: Tally): Promise<void> {
  const where = (e: { account?: { name: string; id: string }; region?: string }) =>
    [e.account ? `${e.account.name} (${e.account.id})` : '', e.region ?? ''].filter(Boolean).join(' ');
  switch (event.type) {
    case 'status':
      options.err.write(`… ${event.message}\n`);
      return;
    case 'text':
      options.out.write(`${plain(event.delta)}\n`);
      return;
    case 'result':
      tally.results++;
      options.out.write(
        [`- ${where(event)}: ${event.summary}`, ...event.lines.map((line) => `    ${line}`)].join('\n') +
          '\n',
      );
      return;
    case 'error':
      tally.errors++;
      if (!event.account) tally.turnErrors++;
      options.out.write(`! ${where(event) ? `${where(event)}: ` : ''}${event.code}: ${event.message}\n`);
      return;
    case 'image': {
      const dir = join(stateDir, 'charts');
      await mkdir(dir, { recursive: true });
      const file = join(dir, event.name);
      await writeFile(file, Buffer.from(event.base64, 'base64'));
      options.out.write(`[chart] ${file}: ${event.alt}\n`);
      return;
    }
    case 'final':
      tally.final = true;
      options.out.write(
        `\n${plain(event.summary)}\n(${event.accounts.length} account${event.accounts.length === 1 ? '' : 's'}${event.regions.length ? ` · ${event.regions.join(', ')}` : ''} · ${(event.elapsedMs / 1000).toFixed(1)} s)\n`,
      );
  }
}
