/**
 * Slack adapter figures, measured side by side in one run (`npx tsx bench/slack.ts [ack events]`):
 * - ack: the HTTP path (Bolt signature check, allow-list, dedupe write to dynalite, hand-off),
 *   warm, p99 over 10,000 signed events (or the count given, a multiple of 50), as a fraction of Slack's 3,000 ms budget (target < 2%);
 * - cold start: importing the esbuild bundle of bot/src/slack/handler.ts in a fresh Node process
 *   (target < 250 ms), and the bundle's size;
 * - streaming: time from the agent's first SSE text event to the first visible Slack update
 *   (target < 300 ms), and Web API calls per streamed answer of 2,000 characters;
 * - auditing: the ack p99 with the observability of a deployed ack path on (each request a traced
 *   Lambda invocation, in the single-invocation store of a standard Lambda environment) as a ratio
 *   to off, and the worker's first visible update with the
 *   question's metrics and audit record on as a ratio to off, measured interleaved (target < 5%).
 */
// First: the ack runs one invocation at a time, as a standard Lambda environment does.
import './lib/sequential-invocations.ts';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { AuditLog } from '#access/audit-log.ts';
import { DynamoAuditStore } from '#access/audit-store.ts';
import { createBotMetrics } from '#bot/src/core/bot-metrics.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import type { QuestionObservers } from '#bot/src/core/question-record.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createSlackAckHandler } from '#bot/src/slack/ack-handler.ts';
import type { SlackWork } from '#bot/src/slack/work.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { BUNDLE_FILE, buildBundles } from '#infra/lib/bundles.ts';
import { startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { silentLogger, startSlackHarness } from '#local/stack/slack-harness.ts';
import { PROD } from '#local/stand-ins/agent.ts';
import { asLambdaInvocation } from '#local/stand-ins/lambda-invocation.ts';
import { appMention, SIGNING_SECRET, signedJson, TEAM } from '#local/stand-ins/slack-requests.ts';
import { nearestRankPercentile } from './lib/stats.ts';

const ACK_BUDGET_MS = 3_000;
// The p99 of 1,000 rests on its 10 slowest and reads ±27% between two identical arms here; of
// 10,000, ±5%: the auditing ratio's target is 5%.
const ACK_EVENTS = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(ACK_EVENTS / 50) || ACK_EVENTS <= 0)
  throw new Error(`ack events must be a positive multiple of 50, got ${process.argv[2]}`);
const ACK_COUNT = ACK_EVENTS.toLocaleString('en-US');
const IMPORT_TARGET_MS = 250;
const FIRST_UPDATE_TARGET_MS = 300;
const ANSWER_CHARS = 2_000;

/**
 * The ack path, warm, `ACK_EVENTS` signed events for each of auditing off and on, sent in
 * alternating blocks so both see the same machine. On: each request runs as a traced Lambda
 * invocation, as the deployed ack path does (its trace reaches the worker and the agent).
 */
async function benchAck() {
  const db = await startLocalDynamoDB();
  const dispatched: SlackWork[] = [];
  const ack = createSlackAckHandler({
    signingSecret: SIGNING_SECRET,
    allowList: new WorkspaceAllowList([`slack:${TEAM}`]),
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: db.client }),
    dispatcher: { dispatch: async (work) => void dispatched.push(work) },
    logger: silentLogger,
  });
  const handlers = {
    off: ack,
    on: (event: Parameters<typeof ack>[0]) => asLambdaInvocation(undefined, () => ack(event, {})),
  };
  // Signing is Slack's work: sign everything before the clock starts.
  const sign = (count: number, text: string) =>
    Array.from({ length: count }, () => signedJson(appMention({ text })));
  for (const event of sign(100, 'warm up')) await handlers.off(event, {});
  for (const event of sign(100, 'warm up')) await handlers.on(event);
  const durations = { off: [] as number[], on: [] as number[] };
  // Small alternating blocks: the machine's load changes within seconds, the tail with it.
  const rounds = 50;
  const block = ACK_EVENTS / rounds;
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      for (const event of sign(block, 'list ec2 in prod')) {
        const started = performance.now();
        const response = await handlers[variant](event, {});
        durations[variant].push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(`ack answered ${response.statusCode}`);
      }
    }
  }
  await db.stop();
  if (dispatched.length !== 200 + 2 * ACK_EVENTS) throw new Error('not every event was handed off');
  const figures = (values: number[]) => ({
    p50: nearestRankPercentile(values, 50),
    p99: nearestRankPercentile(values, 99),
    max: Math.max(...values),
  });
  return { off: figures(durations.off), on: figures(durations.on) };
}

async function benchColdStart() {
  const outDir = await mkdtemp(path.join(tmpdir(), 'centralops-slack-bench-'));
  try {
    const report = await buildBundles({ outDir, names: ['slack-handler', 'slack-worker'] });
    const handlerBundle = report.bundles['slack-handler'];
    const workerBundle = report.bundles['slack-worker'];
    if (handlerBundle.status !== 'built' || workerBundle.status !== 'built')
      throw new Error('bundle missing');
    const url = pathToFileURL(path.join(handlerBundle.dir, BUNDLE_FILE)).href;
    const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
    const samples: number[] = [];
    for (let run = 0; run < 7; run += 1) {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
      });
      if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
      samples.push(Number(child.stdout.trim()));
    }
    return {
      importMs: nearestRankPercentile(samples, 50),
      handlerBytes: handlerBundle.bytes,
      workerBytes: workerBundle.bytes,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** 2,000 characters of prose in 40 deltas, 50 ms apart (after a status, or not); then a result and final. */
function streamedAnswer(marks: { firstText?: number }, statusFirst: boolean) {
  return async function* script(): AsyncGenerator<AgentEvent> {
    if (statusFirst) {
      yield { type: 'status', message: 'querying 1 prod account…' };
      await sleep(150);
    }
    const delta = 'The instance i-0abc is running in us-east-1. '.padEnd(ANSWER_CHARS / 40, '.');
    for (let index = 0; index < 40; index += 1) {
      if (index === 0) marks.firstText = performance.now();
      yield { type: 'text', delta };
      await sleep(50);
    }
    yield {
      type: 'result',
      account: PROD,
      region: 'us-east-1',
      operation: 'ec2 describe-instances',
      summary: '1 instance',
      lines: ['i-0abc running'],
    };
    yield {
      type: 'final',
      summary: '',
      accounts: [PROD],
      regions: ['us-east-1'],
      elapsedMs: 2_200,
      sessionId: 's',
    };
  };
}

const CONTENT_METHODS = new Set(['chat.startStream', 'chat.appendStream', 'chat.postMessage', 'chat.update']);

async function benchStreaming(statusFirst: boolean, observers?: QuestionObservers) {
  const marks: { firstText?: number } = {};
  const harness = await startSlackHarness({
    script: streamedAnswer(marks, statusFirst),
    streamIntervalMs: 1_000,
    ...(observers ? { observers } : {}),
  });
  const firstUpdates: number[] = [];
  const callsPerAnswer: number[] = [];
  try {
    for (let run = 0; run < 5; run += 1) {
      harness.api.calls.length = 0;
      await harness.send(signedJson(appMention({ text: 'explain prod ec2' })));
      await harness.idle();
      const firstText = marks.firstText ?? Number.NaN;
      const first = harness.api.calls.find(
        (call) => call.at >= firstText && CONTENT_METHODS.has(call.method) && !call.error,
      );
      firstUpdates.push((first?.at ?? Number.NaN) - firstText);
      callsPerAnswer.push(harness.api.calls.length);
    }
  } finally {
    await harness.stop();
  }
  return {
    firstUpdateMs: nearestRankPercentile(firstUpdates, 50),
    firstUpdateMaxMs: Math.max(...firstUpdates),
    calls: nearestRankPercentile(callsPerAnswer, 50),
  };
}

/**
 * The worker's first visible update with each question's metrics and audit record on (EMF to a
 * sink, the record to the audit table on dynalite) and off, alternating, 4 rounds of 5 answers.
 */
async function benchAuditedStreaming() {
  const db = await startLocalDynamoDB();
  const audit = new AuditLog({
    store: new DynamoAuditStore({ client: db.documentClient }),
    logger: { info: () => undefined, error: () => undefined },
  });
  const observers: QuestionObservers = { audit, metrics: createBotMetrics({ output: () => undefined }) };
  const runs = { off: [] as number[], on: [] as number[] };
  for (let round = 0; round < 4; round++) {
    for (const variant of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const figures = await benchStreaming(false, variant === 'on' ? observers : undefined);
      runs[variant].push(figures.firstUpdateMs);
    }
  }
  await audit.idle();
  await db.stop();
  return { off: nearestRankPercentile(runs.off, 50), on: nearestRankPercentile(runs.on, 50) };
}

const acks = await benchAck();
const ack = acks.off;
const cold = await benchColdStart();
const stream = await benchStreaming(true);
const textFirst = await benchStreaming(false);
const audited = await benchAuditedStreaming();
const slower = (on: number, off: number) => `${((on / off - 1) * 100).toFixed(1)}% (target < 5%)`;

const rows: [string, string, string][] = [
  [
    `ack p99 (${ACK_COUNT} warm signed events, dedupe on dynalite)`,
    `${ack.p99.toFixed(2)} ms (p50 ${ack.p50.toFixed(2)}, max ${ack.max.toFixed(1)})`,
    `${((ack.p99 / ACK_BUDGET_MS) * 100).toFixed(2)}% of 3,000 ms (target < 2%)`,
  ],
  [
    'cold import of the bundled Slack handler',
    `${cold.importMs.toFixed(1)} ms (median of 7 fresh processes)`,
    `${(cold.importMs / IMPORT_TARGET_MS).toFixed(2)} × 250 ms target`,
  ],
  [
    'bundle size',
    `handler ${(cold.handlerBytes / 1024).toFixed(0)} kB, worker ${(cold.workerBytes / 1024).toFixed(0)} kB`,
    '',
  ],
  [
    'first SSE text → first visible Slack update (status line shown before)',
    `${stream.firstUpdateMs.toFixed(1)} ms (median of 5, max ${stream.firstUpdateMaxMs.toFixed(1)})`,
    `${(stream.firstUpdateMs / FIRST_UPDATE_TARGET_MS).toFixed(2)} × 300 ms target`,
  ],
  [
    '  … when the answer starts with text (chat.startStream first)',
    `${textFirst.firstUpdateMs.toFixed(1)} ms (median of 5, max ${textFirst.firstUpdateMaxMs.toFixed(1)})`,
    `${(textFirst.firstUpdateMs / FIRST_UPDATE_TARGET_MS).toFixed(2)} × 300 ms target`,
  ],
  ['Web API calls per streamed 2,000-char answer (2.2 s, 1 s pacing)', `${stream.calls}`, ''],
  [
    `auditing: ack p99, on / off (${ACK_COUNT} events each, interleaved)`,
    `${acks.on.p99.toFixed(2)} / ${acks.off.p99.toFixed(2)} ms = ${(acks.on.p99 / acks.off.p99).toFixed(3)}`,
    slower(acks.on.p99, acks.off.p99),
  ],
  [
    '  … p50, on / off',
    `${acks.on.p50.toFixed(2)} / ${acks.off.p50.toFixed(2)} ms = ${(acks.on.p50 / acks.off.p50).toFixed(3)}`,
    slower(acks.on.p50, acks.off.p50),
  ],
  [
    'auditing: first visible update, on / off (median of 2 × 10 answers)',
    `${audited.on.toFixed(1)} / ${audited.off.toFixed(1)} ms = ${(audited.on / audited.off).toFixed(3)}`,
    // A few ms measured in 0.1 ms steps: the difference says more than the ratio.
    `${(audited.on - audited.off).toFixed(1)} ms on − off`,
  ],
];
for (const [name, value, ratio] of rows) console.log(`${name.padEnd(72)} ${value.padEnd(48)} ${ratio}`);
