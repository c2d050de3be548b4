/**
 * What the MCP transport's fetch costs the bridge, side by side in one run
 * (npx tsx bench/http-fetch.ts): the same signed AWS MCP Server calls over Node's WHATWG fetch and
 * over httpFetch (common/http-fetch.ts, node:http keep-alive sockets), against the sandbox AWS in a
 * process of its own with no injected latency. For each it prints the bridge process's CPU per
 * account for a new MCP session and its first call (initialize, initialized, tools/call) and per
 * warm call, and the ratio between them. Rounds alternate between the two, so neither has the
 * JIT's warm-up to itself. Prints, never asserts.
 */
import { McpClientPool } from '#bridge/src/mcp-client.ts';
import { MCP_TOOLS } from '#bridge/src/mcp-tools.ts';
import { renderScript } from '#bridge/src/render-script.ts';
import { type AssumedCredentials, CredentialCache, createStsClient } from '#bridge/src/sts.ts';
import { cpuMs, startChild } from './lib/child-process.ts';
import type { SandboxCommand, SandboxCounts, SandboxReady } from './lib/sandbox-process.ts';
import { median } from './lib/stats.ts';

const ACCOUNTS = 500;
const ROUNDS = 3;
const CONCURRENCY = 16;
const REGION = 'us-east-1';
const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  id: String(700_000_000_000 + i),
  name: `fetch-${i}`,
  regions: [REGION],
}));

const sandbox = await startChild<SandboxCommand, SandboxCounts, SandboxReady>(
  new URL('./lib/sandbox-process.ts', import.meta.url),
  { BENCH_ACCOUNTS: JSON.stringify(accounts) },
);
const credentials = new CredentialCache({
  client: createStsClient({
    region: REGION,
    endpoint: sandbox.ready.env.AWS_ENDPOINT_URL_STS!,
    credentials: sandbox.ready.centralCredentials,
    maxAttempts: 3,
  }),
  roleName: 'CentralOpsTargetRole',
});
const assumed = new Map<string, AssumedCredentials>();
const script = renderScript(
  [{ service: 'ec2', operation: 'DescribeInstances', params: {}, pages: 1 }],
  REGION,
);

async function eachAccount(work: (accountId: string) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < accounts.length) await work(accounts[next++]!.id);
    }),
  );
}

/** CPU per account of `work` over every account, in microseconds. */
async function cpuPerAccount(work: (accountId: string) => Promise<unknown>): Promise<number> {
  const before = cpuMs();
  await eachAccount(work);
  return ((cpuMs() - before) / accounts.length) * 1000;
}

const transports = {
  'Node fetch': globalThis.fetch,
  httpFetch: undefined,
} as const;
type Transport = keyof typeof transports;
const measured: Record<Transport, { session: number[]; warm: number[] }> = {
  'Node fetch': { session: [], warm: [] },
  httpFetch: { session: [], warm: [] },
};

try {
  await eachAccount(async (id) => assumed.set(id, await credentials.get(id, 'bench-user')));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(transports) as Transport[]) {
      const fetch = transports[name];
      const pool = new McpClientPool({
        endpoint: sandbox.ready.env.AWS_MCP_ENDPOINT!,
        maxClients: ACCOUNTS,
        ...(fetch ? { fetch } : {}),
      });
      const call = (id: string) =>
        pool.callTool(
          { key: id, credentials: assumed.get(id)! },
          { toolName: MCP_TOOLS.runScript.name, arguments: { code: script }, region: REGION },
        );
      measured[name].session.push(await cpuPerAccount(call));
      measured[name].warm.push(await cpuPerAccount(call));
      await pool.close();
    }
  }
  const µs = (value: number): string => `${Math.round(value)} µs`;
  console.log(
    `Bridge CPU per account, ${ACCOUNTS} accounts, ${CONCURRENCY} in flight, median of ${ROUNDS} alternating rounds:`,
  );
  for (const phase of ['session', 'warm'] as const) {
    const node = median(measured['Node fetch'][phase]);
    const http = median(measured.httpFetch[phase]);
    const label = phase === 'session' ? 'new session + first call' : 'warm call';
    console.log(
      `  ${label.padEnd(25)} Node fetch ${µs(node)}, httpFetch ${µs(http)}: httpFetch uses ${(http / node).toFixed(2)}× the CPU`,
    );
  }
} finally {
  await sandbox.stop();
}
