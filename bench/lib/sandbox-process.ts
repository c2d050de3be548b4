/**
 * The sandbox AWS in its own process for the benches (startChild): the look-alike's CPU work then
 * does not share the bridge's event loop (the real server is remote). Accounts come in
 * BENCH_ACCOUNTS (JSON); every command answers the calls seen since the last reset.
 */
import { type SandboxAccountOptions, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { cpuMs, serveParent } from './child-process.ts';

export type SandboxCommand =
  | { readonly kind: 'setLatency'; readonly ms: number }
  | { readonly kind: 'setHandshakeLatency'; readonly ms: number }
  | { readonly kind: 'setStsRateLimit'; readonly perSecond: number | undefined }
  | { readonly kind: 'resetCalls' }
  | { readonly kind: 'counts' };

export interface SandboxCounts {
  readonly sts: number;
  /** AssumeRole calls answered with a throttle. */
  readonly stsThrottled: number;
  readonly mcp: number;
  /** CPU time the process has used, user and system. */
  readonly cpuMs: number;
}

export interface SandboxReady {
  readonly env: Record<string, string>;
  readonly centralCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

const accounts = JSON.parse(process.env.BENCH_ACCOUNTS ?? '[]') as SandboxAccountOptions[];
const sandbox = await startSandboxAws({ accounts });
// The look-alike builds an account's resources on first use; AWS has them already, so a cold run
// measures CentralOps' first calls, not the stand-in generating data.
for (const account of accounts) sandbox.dataset(account.id);

serveParent<SandboxCommand, SandboxCounts>(
  { env: sandbox.env, centralCredentials: sandbox.centralCredentials } satisfies SandboxReady,
  async (command) => {
    if (command.kind === 'setLatency') sandbox.setLatency(command.ms);
    if (command.kind === 'setHandshakeLatency') sandbox.setHandshakeLatency(command.ms);
    if (command.kind === 'setStsRateLimit') sandbox.setStsRateLimit(command.perSecond);
    if (command.kind === 'resetCalls') sandbox.resetCalls();
    return {
      sts: sandbox.calls.sts.length,
      stsThrottled: sandbox.calls.sts.filter((call) => call.errorCode && call.errorCode !== 'AccessDenied')
        .length,
      mcp: sandbox.calls.mcp.length,
      cpuMs: cpuMs(),
    };
  },
  () => sandbox.stop(),
);
