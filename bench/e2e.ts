/**
 * End to end over the local stack: a signed `/ops all ec2` from the chat page's user (alice) to
 * the first streamed text in the thread and to the final answer, over the sample org; then the
 * share of the time spent in each component along the way. Two stacks run side by side in this
 * process, one with auditing on (each question's audit record and metrics, as deployed) and one
 * with it off, and the runs alternate between them, so the ratio of the two is measured on the
 * same machine at the same time (target: < 5% slower). Medians of RUNS runs each after a warm-up
 * (301 by default, about 30 s: on this shared machine the ack path, which audits nothing, shows
 * the noise floor in every run: up to ±12% over 101 runs under load, within 3.5% over 301);
 * the shares are of the mean run with auditing on.
 * Run: npx tsx bench/e2e.ts [runs]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import {
  LOCAL_SIGNING_SECRET,
  type LocalStack,
  startLocalStack,
  type TraceMark,
} from '#local/stack/stack.ts';
import { postSlashCommand } from '#local/stand-ins/slack-requests.ts';
import { median } from './lib/stats.ts';

const RUNS = Number(process.argv[2] ?? 301);
const CHANNEL = 'C0INCIDENT';

interface Measured {
  readonly stack: LocalStack;
  readonly marks: TraceMark[];
}

async function measured(auditing: boolean): Promise<Measured> {
  const marks: TraceMark[] = [];
  const stack = await startLocalStack({
    onTrace: (mark) => marks.push(mark),
    streamIntervalMs: 250,
    auditing,
  });
  return { stack, marks };
}

interface Run {
  ack: number;
  firstText: number;
  /** The answer marked final in Slack: what the asker sees. */
  final: number;
  /** Every worker run over and, with auditing on, every audit record stored. */
  settled: number;
  segments: Record<string, number>;
}

async function once({ stack, marks }: Measured): Promise<Run> {
  marks.length = 0;
  const before = new Set(stack.slackApi.messagesIn(CHANNEL).map((m) => m.ts));
  const t0 = performance.now();
  await postSlashCommand(stack.slackEventsUrl, 'all ec2', {
    user: 'U0ALICE',
    channel: CHANNEL,
    secret: LOCAL_SIGNING_SECRET,
  });
  const ackAt = performance.now();
  let firstTextAt: number | undefined;
  let rootTs: string | undefined;
  while (firstTextAt === undefined) {
    const root = stack.slackApi.messagesIn(CHANNEL).find((m) => !before.has(m.ts));
    rootTs = root?.ts;
    if (root && stack.slackApi.messagesIn(CHANNEL, root.ts).some((m) => m.text.trim()))
      firstTextAt = performance.now();
    else await sleep(2);
  }
  // The message that ends the answer in this question's thread, once the bot marks it final.
  const finished = stack.slackApi
    .whenMessage(
      (message) =>
        message.channel === CHANNEL &&
        message.threadTs === rootTs &&
        message.metadata?.event_type === ANSWER_EVENT_TYPE &&
        message.metadata?.event_payload.state === 'final',
    )
    .then(() => performance.now());
  const finalAt = await finished;
  await stack.idle();
  const settledAt = performance.now();
  const agentStart = marks.find((m) => m.component === 'agent' && m.phase === 'start')?.at ?? t0;
  const bridge = marks.filter((m) => m.component === 'bridge');
  const bridgeStart = bridge.find((m) => m.phase === 'start')?.at ?? agentStart;
  const bridgeEnd = bridge.filter((m) => m.phase === 'end').at(-1)?.at ?? bridgeStart;
  return {
    ack: ackAt - t0,
    firstText: firstTextAt - t0,
    final: finalAt - t0,
    settled: settledAt - t0,
    segments: {
      'bot: verify, ack, dedupe, identity (Cognito) → runtime call': agentStart - t0,
      'agent: authorize, resolve accounts, plan → first tool call': bridgeStart - agentStart,
      'bridge: STS + AWS MCP fan-out (via the Gateway)': bridgeEnd - bridgeStart,
      'agent → bot: results streamed, rendered, posted to Slack': finalAt - bridgeEnd,
    },
  };
}

const on = await measured(true);
const off = await measured(false);
const benchStart = new Date().toISOString();
try {
  // Warm-up: first-call costs (module caches, connections, credential caches) on both.
  await once(on);
  await once(off);
  const runs = { on: [] as Run[], off: [] as Run[] };
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always follows the other.
    for (const variant of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      runs[variant].push(await once(variant === 'on' ? on : off));
    }
  }
  // Proof that auditing was on: alice's records stored in the audit table during the bench.
  await on.stack.idle();
  const stored = await on.stack.observability?.auditStore.forUser('alice', {
    from: benchStart,
    to: new Date().toISOString(),
    limit: 10 * RUNS,
  });
  console.log(
    `/ops all ec2 over ${on.stack.registry.accounts.length} accounts, median of ${RUNS} runs each (after a warm-up); ${stored?.length ?? 0} audit records stored (auditing on)`,
  );
  // Each `on` run is paired with the `off` run next to it in time: the median of the pairs'
  // ratios is the figure (the machine's load drifts between pairs, not within one).
  const row = (name: string, pick: (run: Run) => number, target = 'target < 5%') => {
    const [withAudit, without] = [median(runs.on.map(pick)), median(runs.off.map(pick))];
    const ratio = median(runs.on.map((run, i) => pick(run) / pick(runs.off[i]!)));
    console.log(
      `  ${name.padEnd(36)} on ${withAudit.toFixed(0).padStart(5)} ms   off ${without.toFixed(0).padStart(5)} ms   ratio of medians ${(withAudit / without).toFixed(3)}   paired ratio ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}%, ${target})`,
    );
  };
  row('ack (Slack handler HTTP answer):', (r) => r.ack);
  row('send → first streamed text:', (r) => r.firstText);
  row('send → final answer:', (r) => r.final);
  row('send → settled (audit stored):', (r) => r.settled, 'after the answer: not seen by the asker');
  // Means, not medians: the segments of each run add up to its total, so their means add up too.
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanFinal = mean(runs.on.map((r) => r.final));
  console.log(`  share of the time to the final answer, auditing on (mean ${meanFinal.toFixed(0)} ms):`);
  for (const name of Object.keys(runs.on[0]?.segments ?? {})) {
    const ms = mean(runs.on.map((r) => r.segments[name] ?? 0));
    console.log(
      `    ${((ms / meanFinal) * 100).toFixed(0).padStart(3)}%  ${ms.toFixed(0).padStart(5)} ms  ${name}`,
    );
  }
} finally {
  await on.stack.stop();
  await off.stack.stop();
}
