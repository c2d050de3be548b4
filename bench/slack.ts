/**
 * Slack adapter figures, measured side by side in one run (`npx tsx bench/slack.ts`):
 * - ack: the HTTP path (Bolt signature check, allow-list, dedupe write to dynalite, hand-off),
 *   warm, p99 over 1,000 signed events, as a fraction of Slack's 3,000 ms budget (target < 2%);
 * - cold start: importing the esbuild bundle of bot/src/slack/handler.ts in a fresh Node process
 *   (target < 250 ms), and the bundle's size;
 * - streaming: time from the agent's first SSE text event to the first visible Slack update
 *   (target < 300 ms), and Web API calls per streamed answer of 2,000 characters.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createSlackAckHandler } from '#bot/src/slack/ack-handler.ts';
import type { SlackWork } from '#bot/src/slack/work.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { BUNDLE_FILE, buildBundles } from '#infra/lib/bundles.ts';
import { startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { silentLogger, startSlackHarness } from '#local/stack/slack-harness.ts';
import { PROD } from '#local/stand-ins/agent.ts';
import { appMention, SIGNING_SECRET, signedJson, TEAM } from '#local/stand-ins/slack-requests.ts';
import { nearestRankPercentile } from './lib/stats.ts';

const ACK_BUDGET_MS = 3_000;
const ACK_EVENTS = 1_000;
const IMPORT_TARGET_MS = 250;
const FIRST_UPDATE_TARGET_MS = 300;
const ANSWER_CHARS = 2_000;

async function benchAck() {
  const db = await startLocalDynamoDB();
  const dispatched: SlackWork[] = [];
  const handler = createSlackAckHandler({
    signingSecret: SIGNING_SECRET,
    allowList: new WorkspaceAllowList([`slack:${TEAM}`]),
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: db.client }),
    dispatcher: { dispatch: async (work) => void dispatched.push(work) },
    logger: silentLogger,
  });
  // Signing is Slack's work: sign everything before the clock starts.
  const warmup = Array.from({ length: 100 }, () => signedJson(appMention({ text: 'warm up' })));
  const events = Array.from({ length: ACK_EVENTS }, () =>
    signedJson(appMention({ text: 'list ec2 in prod' })),
  );
  for (const event of warmup) await handler(event, {});
  const durations: number[] = [];
  for (const event of events) {
    const started = performance.now();
    const response = await handler(event, {});
    durations.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`ack answered ${response.statusCode}`);
  }
  await db.stop();
  if (dispatched.length !== warmup.length + events.length) throw new Error('not every event was handed off');
  return {
    p50: nearestRankPercentile(durations, 50),
    p99: nearestRankPercentile(durations, 99),
    max: Math.max(...durations),
  };
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

async function benchStreaming(statusFirst: boolean) {
  const marks: { firstText?: number } = {};
  const harness = await startSlackHarness({
    script: streamedAnswer(marks, statusFirst),
    streamIntervalMs: 1_000,
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

const ack = await benchAck();
const cold = await benchColdStart();
const stream = await benchStreaming(true);
const textFirst = await benchStreaming(false);

const rows: [string, string, string][] = [
  [
    'ack p99 (1,000 warm signed events, dedupe on dynalite)',
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
];
for (const [name, value, ratio] of rows) console.log(`${name.padEnd(72)} ${value.padEnd(48)} ${ratio}`);
