/**
 * End to end over the local stack: a signed `/ops all ec2` from the chat page's user (alice) to
 * the first streamed text in the thread and to the final answer, over the sample org; then the
 * share of the time spent in each component along the way. Medians of RUNS runs after a warm-up;
 * the shares are of the mean run.
 * Run: npx tsx bench/e2e.ts [runs]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_SIGNING_SECRET, startLocalStack, type TraceMark } from '#local/stack/stack.ts';
import { postSlashCommand } from '#local/stand-ins/slack-requests.ts';
import { median } from './lib/stats.ts';

const RUNS = Number(process.argv[2] ?? 5);
const CHANNEL = 'C0INCIDENT';
const marks: TraceMark[] = [];
const stack = await startLocalStack({ onTrace: (mark) => marks.push(mark), streamIntervalMs: 250 });

interface Run {
  ack: number;
  firstText: number;
  final: number;
  segments: Record<string, number>;
}

async function once(): Promise<Run> {
  marks.length = 0;
  const before = new Set(stack.slackApi.messagesIn(CHANNEL).map((m) => m.ts));
  const t0 = performance.now();
  await postSlashCommand(stack.slackEventsUrl, 'all ec2', {
    user: 'U0ALICE',
    channel: CHANNEL,
    secret: LOCAL_SIGNING_SECRET,
  });
  const ackAt = performance.now();
  const finished = stack.idle().then(() => performance.now());
  let firstTextAt: number | undefined;
  while (firstTextAt === undefined) {
    const root = stack.slackApi.messagesIn(CHANNEL).find((m) => !before.has(m.ts));
    if (root && stack.slackApi.messagesIn(CHANNEL, root.ts).some((m) => m.text.trim()))
      firstTextAt = performance.now();
    else await sleep(2);
  }
  const finalAt = await finished;
  const agentStart = marks.find((m) => m.component === 'agent' && m.phase === 'start')?.at ?? t0;
  const bridge = marks.filter((m) => m.component === 'bridge');
  const bridgeStart = bridge.find((m) => m.phase === 'start')?.at ?? agentStart;
  const bridgeEnd = bridge.filter((m) => m.phase === 'end').at(-1)?.at ?? bridgeStart;
  return {
    ack: ackAt - t0,
    firstText: firstTextAt - t0,
    final: finalAt - t0,
    segments: {
      'bot: verify, ack, dedupe, identity (Cognito) → runtime call': agentStart - t0,
      'agent: authorize, resolve accounts, plan → first tool call': bridgeStart - agentStart,
      'bridge: STS + AWS MCP fan-out (via the Gateway)': bridgeEnd - bridgeStart,
      'agent → bot: results streamed, rendered, posted to Slack': finalAt - bridgeEnd,
    },
  };
}

try {
  await once(); // warm-up: first-call costs (module caches, connections, credential caches)
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  const final = median(runs.map((r) => r.final));
  console.log(
    `/ops all ec2 over ${stack.registry.accounts.length} accounts, median of ${RUNS} runs (after a warm-up)`,
  );
  console.log(`  ack (Slack handler HTTP answer):  ${median(runs.map((r) => r.ack)).toFixed(0)} ms`);
  console.log(`  send → first streamed text:       ${median(runs.map((r) => r.firstText)).toFixed(0)} ms`);
  console.log(`  send → final answer:              ${final.toFixed(0)} ms`);
  // Means, not medians: the segments of each run add up to its total, so their means add up too.
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanFinal = mean(runs.map((r) => r.final));
  console.log(`  share of the time to the final answer (mean ${meanFinal.toFixed(0)} ms):`);
  for (const name of Object.keys(runs[0]?.segments ?? {})) {
    const ms = mean(runs.map((r) => r.segments[name] ?? 0));
    console.log(
      `    ${((ms / meanFinal) * 100).toFixed(0).padStart(3)}%  ${ms.toFixed(0).padStart(5)} ms  ${name}`,
    );
  }
} finally {
  await stack.stop();
}
