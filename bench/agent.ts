/**
 * The agent's deterministic path end to end over 50 sandbox accounts (75 account-regions) through
 * the agent server, the local Gateway, the real bridge and the sandbox AWS: `/ops all ec2`, and the
 * diagnostics `/ops all changes 1h` and `/ops prod metric alb-5xx` (17 prod accounts, with its
 * chart images). Prints time to the first SSE event, time to `final`, and their ratio, with and
 * without member-account latency. Run: npx tsx bench/agent.ts
 */

import type { Account } from '#contracts/registry.ts';
import { sandboxAccounts } from '#local/sandbox-aws/index.ts';
import { invoke } from '#local/stack/agent-client.ts';
import { startAgentStack } from '#local/stack/agent-stack.ts';
import { median } from './lib/stats.ts';

const ACCOUNTS = 50;
const RUNS = 5;
const COMMANDS = ['/ops all ec2', '/ops all changes 1h', '/ops prod metric alb-5xx'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];

const accounts: Account[] = sandboxAccounts(ACCOUNTS).map((a, i) => ({
  id: a.id,
  name: a.name ?? `bench-${i + 1}`,
  aliases: [],
  environment: ENVIRONMENTS[i % ENVIRONMENTS.length]!,
  regions: [...(a.regions ?? ['us-east-1'])],
  enabled: true,
  tags: {},
}));

interface Sample {
  firstMs: number;
  totalMs: number;
  results: number;
  images: number;
}

async function once(url: string, userId: string, prompt: string): Promise<Sample> {
  const started = performance.now();
  const response = await invoke(url, { prompt, userId });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let firstMs: number | undefined;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (firstMs === undefined && text.includes('data: ')) firstMs = performance.now() - started;
  }
  const totalMs = performance.now() - started;
  if (!text.includes('"type":"final"')) throw new Error('no final event');
  return {
    firstMs: firstMs ?? totalMs,
    totalMs,
    results: text.split('"type":"result"').length - 1,
    images: text.split('"type":"image"').length - 1,
  };
}

const stack = await startAgentStack({ accounts });
try {
  const userId = stack.subs.alice!;
  console.log(`agent over ${ACCOUNTS} sandbox accounts, median of ${RUNS} runs (after one warm-up)`);
  console.log(
    'command                  | member latency | first event ms | final ms | first/final | results | charts',
  );
  for (const prompt of COMMANDS) {
    for (const latency of [0, 100]) {
      stack.sandbox.setLatency(latency);
      await once(stack.agent.url, userId, prompt);
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await once(stack.agent.url, userId, prompt));
      const first = median(samples.map((s) => s.firstMs));
      const total = median(samples.map((s) => s.totalMs));
      console.log(
        `${prompt.padEnd(24)} | ${String(latency).padStart(11)} ms | ${first.toFixed(1).padStart(14)} | ${total.toFixed(1).padStart(8)} | ${(first / total).toFixed(3).padStart(11)} | ${String(samples[0]!.results).padStart(7)} | ${String(samples[0]!.images).padStart(6)}`,
      );
    }
  }
} finally {
  await stack.stop();
}
