/**
 * The sandbox AWS in its own process for bench/bridge.ts, which forks it and drives it over IPC:
 * the look-alike's CPU work then does not share the bridge's event loop (the real server is remote).
 */
import { startSandboxAws } from '#local/sandbox-aws/index.ts';

export type SandboxCommand =
  | { readonly kind: 'setLatency'; readonly ms: number }
  | { readonly kind: 'resetCalls' }
  | { readonly kind: 'counts' }
  | { readonly kind: 'stop' };

if (!process.send) throw new Error('sandbox-process.ts runs forked by bench/bridge.ts, with an IPC channel');
const accounts = JSON.parse(process.env.BENCH_ACCOUNTS ?? '[]') as { id: string; name: string }[];
const sandbox = await startSandboxAws({ accounts });
process.send?.({ kind: 'ready', env: sandbox.env, centralCredentials: sandbox.centralCredentials });

process.on('message', async (command: SandboxCommand) => {
  if (command.kind === 'setLatency') sandbox.setLatency(command.ms);
  if (command.kind === 'resetCalls') sandbox.resetCalls();
  if (command.kind === 'stop') {
    await sandbox.stop();
    process.exit(0);
  }
  process.send?.({ kind: 'done', sts: sandbox.calls.sts.length, mcp: sandbox.calls.mcp.length });
});
