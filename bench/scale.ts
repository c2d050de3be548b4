/**
 * One question across 1,000 accounts × 3 regions on the local stack (npx tsx bench/scale.ts):
 * `/ops all ec2` through the agent server, the local Gateway, the bridge in a process of its own
 * taking every shard at once (the harder case for memory; BENCH_BRIDGE_PROCESSES=8 runs it as
 * Lambda does instead, bench/lib/bridge-pool.ts: 8 processes, one invocation at a time each) and
 * the sandbox AWS in another, 150 ms of injected latency on every AWS MCP Server call.
 * For each run it prints the time to the first progress update and to the final answer, the
 * physical floor for the concurrency in use (ceil(calls / calls in flight) × 150 ms; for the
 * throttled run, STS' rate) and the ratio to it, the largest bridge response, the largest bridge
 * process's peak RSS, the STS calls; then the chat message the answer renders to.
 * Runs: the first question into a fresh bridge process (its code not yet optimized, AssumeRole and
 * an MCP session for every account); warm (median of 3); warm, a diagnostics verb over the same
 * shards (`/ops all changes 1h`) and a per-account flow (`/ops all describe <an instance the
 * answer named>`); a new user's first question (process warm, but credentials and sessions are
 * per user, so AssumeRole and an MCP session for every account again); and a fresh bridge again
 * with STS throttling AssumeRole. Before the first run the sandbox AWS holds every account's
 * resources and has answered the whole fan-out once, as AWS's servers are warm: a throwaway bridge
 * process asks every shard as a user of its own, straight into the bridge, so the agent and the
 * measured bridge process are still fresh. Prints, never asserts.
 * Settings from the environment, as deployed: FANOUT_SHARD_SIZE, FANOUT_SHARDS_IN_FLIGHT,
 * FANOUT_FIRST_SHARD_SIZE (agent), FANOUT_CONCURRENCY, MAX_RESPONSE_BYTES (bridge); and
 * BENCH_QUESTIONS, more questions to ask warm, separated by `;`; BENCH_HANDSHAKE_MS, a round trip's
 * time for each AssumeRole and MCP initialize (@default 0: only the calls wait, as the issue sets).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { CognitoUserDirectory, DynamoChannelPolicyReader } from '#access/index.ts';
import { createAgentApp } from '#agent/src/app.ts';
import { loadConfig as loadAgentConfig } from '#agent/src/config.ts';
import { planShards } from '#agent/src/fanout/shards.ts';
import { McpGateway } from '#agent/src/gateway.ts';
import { AnswerBuilder, renderAnswer } from '#bot/src/core/answer.ts';
import { sseData } from '#bot/src/runtime/sse.ts';
import { loadConfig as loadBridgeConfig } from '#bridge/src/config.ts';
import { type AgentEvent, parseAgentEvent } from '#contracts/agent-events.ts';
import { gatewayToolName } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { BUNDLE_FILE, buildBundles } from '#infra/lib/bundles.ts';
import { startLocalCognito } from '#local/components/cognito.ts';
import { startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { CONVERSATION, invoke } from '#local/stack/agent-client.ts';
import { startLocalGateway } from '#local/stand-ins/agentcore-gateway.ts';
import { seedRegistry } from '#registry-seed/src/seed/seed-registry.ts';
import { startBridgePool } from './lib/bridge-pool.ts';
import type { BridgeAnswer, BridgeRequest, BridgeSandbox } from './lib/bridge-process.ts';
import { cpuMs, startChild } from './lib/child-process.ts';
import type { SandboxCommand, SandboxCounts, SandboxReady } from './lib/sandbox-process.ts';
import { median } from './lib/stats.ts';

const ACCOUNTS = 1000;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const LATENCY_MS = 150;
const HANDSHAKE_MS = Number(process.env.BENCH_HANDSHAKE_MS ?? 0);
const WARM_RUNS = 3;
/** AssumeRole calls a second STS allows in the throttled run: low enough that the cold fan-out meets it. */
const STS_RATE = 50;
const GOALS = {
  firstProgressMs: 1_000,
  floorRatio: 1.5,
  responseBytes: 1_000_000,
  rssBytes: 256 * 1024 ** 2,
};

const accounts: Account[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
  id: String(600_000_000_000 + i),
  name: `scale-${String(i + 1).padStart(4, '0')}`,
  aliases: [],
  environment: ENVIRONMENTS[i % ENVIRONMENTS.length]!,
  regions: REGIONS,
  enabled: true,
  tags: {},
}));
const agentConfig = loadAgentConfig(process.env);
const bridgeConfig = loadBridgeConfig(process.env);
const calls = ACCOUNTS * REGIONS.length;
const inFlight = agentConfig.fanOut.shardsInFlight * bridgeConfig.fanoutConcurrency;
const floorMs = Math.ceil(calls / inFlight) * LATENCY_MS;
/** Bridge processes (Lambda execution environments, one invocation at a time each). @default 1: one takes all */
const bridgeProcesses = Math.max(1, Number(process.env.BENCH_BRIDGE_PROCESSES ?? 1));

interface Run {
  readonly firstEventMs: number;
  /** The first update that counts answered account-regions. */
  readonly firstProgressMs: number;
  readonly finalMs: number;
  readonly progressUpdates: number;
  readonly results: number;
  readonly errors: number;
  readonly bridgeCalls: number;
  readonly largestResponse: number;
  readonly sts: SandboxCounts;
  /** CPU time each process spent on the run. */
  readonly cpu: { readonly agent: number; readonly bridge: number; readonly sandbox: number };
  readonly rss: number;
  readonly message: { readonly chars: number; readonly attachmentBytes: number; readonly opening: string };
  /** An EC2 instance the answer names, to look for next. */
  readonly instanceId: string | undefined;
}

const sandbox = await startChild<SandboxCommand, SandboxCounts, SandboxReady>(
  new URL('./lib/sandbox-process.ts', import.meta.url),
  { BENCH_ACCOUNTS: JSON.stringify(accounts.map(({ id, name, regions }) => ({ id, name, regions }))) },
);
const sandboxEndpoints: BridgeSandbox = {
  mcpEndpoint: sandbox.ready.env.AWS_MCP_ENDPOINT!,
  stsEndpoint: sandbox.ready.env.AWS_ENDPOINT_URL_STS!,
  centralCredentials: sandbox.ready.centralCredentials,
};
const [dynamo, cognito] = await Promise.all([
  startLocalDynamoDB(),
  startLocalCognito({
    users: [
      { username: 'alice', groups: ['ops-all-readers'] },
      { username: 'bob', groups: ['ops-all-readers'] },
    ],
  }),
]);
await seedRegistry(dynamo.documentClient, {
  accounts,
  identities: [],
  channels: [
    {
      platform: CONVERSATION.platform,
      workspaceId: CONVERSATION.workspace,
      channelId: CONVERSATION.channel,
      allowedEnvironments: ENVIRONMENTS,
    },
  ],
});
// The bridge as deployed: bundled by the one bundling definition, run by plain node (no tsx).
const bundleDir = await mkdtemp(path.join(tmpdir(), 'centralops-scale-bench-'));
const bundled = (
  await buildBundles({
    outDir: bundleDir,
    names: ['bridge'],
    entryPoints: { bridge: 'bench/lib/bridge-process.ts' },
  })
).bundles.bridge;
if (bundled.status !== 'built') throw new Error('the bridge process did not bundle');
const startBridge = () =>
  startBridgePool(bridgeProcesses, () =>
    startChild<BridgeRequest, BridgeAnswer, unknown>(pathToFileURL(path.join(bundled.dir, BUNDLE_FILE)), {
      ...dynamo.env,
      BENCH_SANDBOX: JSON.stringify(sandboxEndpoints),
    }),
  );
let bridge = await startBridge();
let responses: number[] = [];
const gateway = await startLocalGateway({
  handler: async (event, context) => {
    const answer = await bridge.invoke(context.clientContext.custom.bedrockAgentCoreToolName!, event);
    responses.push(answer.bytes);
    return JSON.parse(answer.json) as unknown;
  },
});
const toolGateway = new McpGateway({
  url: gateway.url,
  region: gateway.region,
  credentials: gateway.credentials,
});
const agent = await createAgentApp({
  registry: new DynamoAccountRegistry({ client: dynamo.documentClient }),
  users: new CognitoUserDirectory({ client: cognito.client, userPoolId: cognito.userPoolId }),
  channels: new DynamoChannelPolicyReader({ client: dynamo.documentClient }),
  gateway: toolGateway,
  bedrock: undefined,
  fanOut: agentConfig.fanOut,
}).listen({ port: 0, host: '127.0.0.1' });

/** Asks `prompt` as `user` (an index into the Cognito users), reading the answer's events as they arrive. */
async function ask(user = 0, prompt = '/ops all ec2'): Promise<Run> {
  const sandboxBefore = await sandbox.ask({ kind: 'resetCalls' });
  const bridgeBefore = await memory();
  const agentBefore = cpuMs();
  responses = [];
  const answer = new AnswerBuilder();
  const started = performance.now();
  const response = await invoke(agent.url, { prompt, userId: cognito.users[user]!.sub });
  let firstEventMs: number | undefined;
  let firstProgressMs: number | undefined;
  let progressUpdates = 0;
  let results = 0;
  let errors = 0;
  let final: AgentEvent | undefined;
  for await (const data of sseData(response.body!)) {
    const at = performance.now() - started;
    const event = parseAgentEvent(data);
    answer.push(event);
    firstEventMs ??= at;
    if (event.type === 'status' && event.progress && event.progress.done > 0) {
      firstProgressMs ??= at;
      progressUpdates += 1;
    }
    if (event.type === 'result') results += 1;
    if (event.type === 'error') errors += 1;
    if (event.type === 'final') final = event;
  }
  const finalMs = performance.now() - started;
  if (!final) throw new Error('the answer ended without a final event');
  const agentCpu = cpuMs() - agentBefore;
  const sts = await sandbox.ask({ kind: 'counts' });
  const bridgeAfter = await memory();
  const rendered = renderAnswer(answer.model);
  return {
    firstEventMs: firstEventMs ?? finalMs,
    firstProgressMs: firstProgressMs ?? finalMs,
    finalMs,
    progressUpdates,
    results,
    errors,
    bridgeCalls: responses.length,
    largestResponse: Math.max(0, ...responses),
    sts,
    cpu: {
      agent: agentCpu,
      bridge: bridgeAfter.cpuMs - bridgeBefore.cpuMs,
      sandbox: sts.cpuMs - sandboxBefore.cpuMs,
    },
    rss: bridgeAfter.peakRssBytes,
    message: {
      chars: rendered.text.length,
      attachmentBytes: Buffer.byteLength(rendered.attachment?.content ?? ''),
      opening: rendered.text.split('\n').slice(0, 6).join('\n'),
    },
    instanceId: /\bi-[0-9a-f]{8,17}\b/.exec(rendered.attachment?.content ?? rendered.text)?.[0],
  };
}

async function memory(): Promise<Extract<BridgeAnswer, { kind: 'memory' }>> {
  return bridge.memory();
}

const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const goal = (met: boolean): string => (met ? 'goal met' : 'GOAL MISSED');

/** What the final answer is held to: the calls' floor, or the slower one a run adds (STS' rate). */
interface Floor {
  readonly ms: number;
  readonly name: string;
}

function report(label: string, run: Run, floor: Floor = { ms: floorMs, name: 'floor' }): void {
  const { rss } = run;
  const ratio = run.finalMs / floor.ms;
  console.log(`${label}`);
  console.log(
    `  first event ${ms(run.firstEventMs)}; first progress update ${ms(run.firstProgressMs)} (goal < 1,000 ms: ${goal(run.firstProgressMs < GOALS.firstProgressMs)}); ${run.progressUpdates} updates`,
  );
  console.log(
    `  final answer ${ms(run.finalMs)}; ${floor.name} ${ms(floor.ms)}; ratio ${ratio.toFixed(2)} (goal <= ${GOALS.floorRatio}: ${goal(ratio <= GOALS.floorRatio)})`,
  );
  console.log(
    `  ${run.results.toLocaleString('en-US')} results, ${run.errors} errors; ${run.bridgeCalls} bridge calls, largest response ${kb(run.largestResponse)} (goal < 1 MB: ${goal(run.largestResponse < GOALS.responseBytes)})`,
  );
  console.log(
    `  bridge peak RSS ${mb(rss)}${bridge.size > 1 ? `, the largest of ${bridge.size} processes` : ''} (goal < 256 MB: ${goal(rss < GOALS.rssBytes)}); STS calls ${run.sts.sts} (${run.sts.stsThrottled} throttled)`,
  );
  console.log(
    `  CPU spent: agent + Gateway ${ms(run.cpu.agent)}, bridge ${ms(run.cpu.bridge)}, sandbox AWS ${ms(run.cpu.sandbox)} (${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
}

/**
 * Every shard of `/ops all ec2` asked once by a throwaway bridge process, as a user of its own:
 * the sandbox's code is then warm, as AWS's servers are, and the agent and the measured bridge
 * process are not. @returns how long it took
 */
async function warmSandbox(): Promise<number> {
  const shards = planShards(
    accounts.map((account) => ({ account, regions: REGIONS })),
    agentConfig.fanOut,
  );
  const throwaway = await startBridge();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: agentConfig.fanOut.shardsInFlight }, async () => {
      for (let shard = shards[next++]; shard; shard = shards[next++]) {
        await throwaway.invoke(gatewayToolName('query_accounts'), {
          account_ids: shard.accounts.map((account) => account.id),
          regions: shard.regions,
          calls: [{ service: 'ec2', operation: 'DescribeInstances', params: {} }],
          requested_by: 'sandbox-warmup',
        });
      }
    }),
  );
  await throwaway.stop();
  return performance.now() - started;
}

try {
  await sandbox.ask({ kind: 'setLatency', ms: LATENCY_MS });
  await sandbox.ask({ kind: 'setHandshakeLatency', ms: HANDSHAKE_MS });
  console.log(
    `/ops all ec2 over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${REGIONS.length} regions = ${calls.toLocaleString('en-US')} account-regions, ${LATENCY_MS} ms per AWS MCP call`,
  );
  console.log(
    `  shards of at most ${agentConfig.fanOut.shardSize} account-regions (first wave ${agentConfig.fanOut.firstShardSize}), ${agentConfig.fanOut.shardsInFlight} in flight × FANOUT_CONCURRENCY ${bridgeConfig.fanoutConcurrency} = ${inFlight} calls in flight; floor ceil(${calls} / ${inFlight}) × ${LATENCY_MS} ms = ${ms(floorMs)}`,
  );
  console.log(
    `  ${HANDSHAKE_MS} ms per AssumeRole and per MCP initialize (BENCH_HANDSHAKE_MS); the sandbox AWS warmed by a throwaway bridge process asking every shard as another user: ${ms(await warmSandbox())}`,
  );
  console.log(
    `  ${bridge.size === 1 ? '1 bridge process taking every shard at once' : `${bridge.size} bridge processes, one invocation at a time each`} (BENCH_BRIDGE_PROCESSES); RSS before the first question: ${mb((await memory()).rssBytes)}`,
  );

  const cold = await ask();
  report(
    'first question into a fresh bridge process (AssumeRole and an MCP session for every account):',
    cold,
  );

  const warm: Run[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await ask());
  const typical = warm.find((run) => run.finalMs === median(warm.map((r) => r.finalMs)))!;
  report(
    `warm (median of ${WARM_RUNS} by final; finals ${warm.map((run) => ms(run.finalMs)).join(', ')}):`,
    typical,
  );
  console.log('the chat message it renders to (bot/src/core/answer.ts), opening lines:');
  console.log(typical.message.opening.replace(/^/gm, '  | '));
  console.log(
    `  message ${typical.message.chars.toLocaleString('en-US')} characters; the details in the attached file, ${kb(typical.message.attachmentBytes)}`,
  );

  report(
    'warm, the diagnostics `/ops all changes 1h` (the same shards, whole CloudTrail pages):',
    await ask(0, '/ops all changes 1h'),
  );

  // One instance among 3,000 account-regions: the first call in shards, the instance's own flow after.
  const instanceId = typical.instanceId;
  if (!instanceId) throw new Error('the /ops all ec2 answer named no instance');
  report(
    `warm, \`/ops all describe ${instanceId}\` (found in one account-region; the first call in the same shards):`,
    await ask(0, `/ops all describe ${instanceId}`),
  );

  // Others asked warm, as given (BENCH_QUESTIONS="/ops all ecs;/ops all logs payments-api").
  for (const question of (process.env.BENCH_QUESTIONS ?? '').split(';').filter((q) => q.trim())) {
    report(`warm, \`${question.trim()}\`:`, await ask(0, question.trim()));
  }

  report(
    "a new user's first question (bridge warm; AssumeRole and an MCP session for every account, as that user):",
    await ask(1),
  );

  // Cold again, on a fresh bridge, while STS throttles AssumeRole past a rate.
  await bridge.stop();
  bridge = await startBridge();
  await sandbox.ask({ kind: 'setStsRateLimit', perSecond: STS_RATE });
  // A second's burst, then the rate: the AssumeRole calls alone take this long, whatever the latency.
  const stsFloorMs = ((ACCOUNTS - STS_RATE) / STS_RATE) * 1000;
  report(`cold with STS throttling AssumeRole past ${STS_RATE} calls a second:`, await ask(), {
    ms: Math.max(floorMs, stsFloorMs),
    name: `STS floor ((${ACCOUNTS} − ${STS_RATE}) AssumeRole / ${STS_RATE} a second)`,
  });
} finally {
  await agent.close();
  await toolGateway.close();
  await gateway.stop();
  await Promise.all([bridge.stop(), sandbox.stop(), cognito.stop(), dynamo.stop()]);
  await rm(bundleDir, { recursive: true, force: true });
}
