/**
 * Alert delivery figures (`npx tsx bench/alerts.ts`), measured in one run on the real router and
 * poster (local/alerts/notifier.ts: dynalite, the real WebClient against the Slack Web API
 * stand-in):
 * - latency: an EventBridge event put on the bus → its message posted at the stand-in, p50/p99
 *   over 200 alarms, one at a time, each to a channel of its own (no pacing wait in it);
 * - burst: 1,000 alarms at once across 20 channels, the stand-in enforcing Slack's one message per
 *   second per channel: messages lost, duplicated, 429s met, and the total time against the pacing
 *   floor (50 messages per channel need at least 49 s).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';
import { type LocalAlertNotifier, postedAlertName, startLocalAlertNotifier } from '#local/alerts/notifier.ts';
import { sampleAlertEvent } from '#local/alerts/sample-events.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';
import { seedRegistry } from '#registry-seed/src/index.ts';
import { nearestRankPercentile } from './lib/stats.ts';

const LATENCY_EVENTS = 200;
const BURST_ALARMS = 1_000;
const BURST_CHANNELS = 20;
const POST_INTERVAL_MS = 1_000;

interface Setup {
  readonly dynamo: LocalDynamoDB;
  readonly slack: SlackWebApi;
  readonly notifier: LocalAlertNotifier;
  readonly accounts: readonly Account[];
  stop(): Promise<void>;
}

/** `count` prod accounts and one channel per account, each taking that account's alerts. */
async function setUp(count: number): Promise<Setup> {
  const dynamo = await startLocalDynamoDB();
  const accounts: Account[] = Array.from({ length: count }, (_, index) => ({
    id: String(100_000_000_000 + index),
    name: `bench-${index}`,
    aliases: [],
    environment: 'prod',
    regions: ['us-east-1'],
    enabled: true,
    tags: {},
  }));
  const channels: ChannelPolicy[] = accounts.map((account, index) => ({
    platform: 'slack',
    workspaceId: 'T0CENTRAL',
    channelId: channelOf(index),
    allowedEnvironments: ['prod'],
    alerts: { accounts: [account.id] },
  }));
  await seedRegistry(dynamo.documentClient, { accounts, identities: [], channels });
  const slack = await startSlackWebApi();
  const notifier = startLocalAlertNotifier({
    dynamo,
    logger: new Logger({ serviceName: 'bench-alerts', logLevel: 'SILENT' }),
    slack: createSlackWebClient({ token: slack.token, apiUrl: slack.url }),
    postIntervalMs: POST_INTERVAL_MS,
  });
  return {
    dynamo,
    slack,
    notifier,
    accounts,
    async stop() {
      await notifier.idle();
      await slack.stop();
      await dynamo.stop();
    },
  };
}

function channelOf(index: number): string {
  return `C0BENCH${String(index).padStart(4, '0')}`;
}

function alarm(account: string, name: string) {
  return sampleAlertEvent('alarm', { account, alarmName: name });
}

async function benchLatency() {
  const setup = await setUp(LATENCY_EVENTS);
  const { slack, notifier } = setup;
  // Warm the clients, the registry cache and the table: 10 alarms not counted.
  for (let index = 0; index < 10; index++) {
    await notifier.put(alarm(setup.accounts[index]!.id, `warmup-${index}`));
    await notifier.idle();
  }
  const latencies: number[] = [];
  for (let index = 0; index < LATENCY_EVENTS; index++) {
    const name = `latency-${index}`;
    const started = performance.now();
    await notifier.put(alarm(setup.accounts[index]!.id, name));
    await notifier.idle();
    const posted = slack.calls.find(
      (call) =>
        call.method === 'chat.postMessage' && call.status === 200 && String(call.args.text).includes(name),
    );
    if (!posted) throw new Error(`${name} was not posted`);
    latencies.push(posted.at - started);
  }
  await setup.stop();
  return { p50: nearestRankPercentile(latencies, 50), p99: nearestRankPercentile(latencies, 99) };
}

async function benchBurst() {
  const setup = await setUp(BURST_CHANNELS);
  const { slack, notifier, accounts } = setup;
  slack.limitPostsPerChannel(POST_INTERVAL_MS);
  const expected = new Map<string, string[]>();
  const events = Array.from({ length: BURST_ALARMS }, (_, index) => {
    const channel = index % BURST_CHANNELS;
    const name = `burst-${index}`;
    expected.set(channelOf(channel), [...(expected.get(channelOf(channel)) ?? []), name]);
    return alarm(accounts[channel]!.id, name);
  });
  const started = performance.now();
  await Promise.all(events.map((event) => notifier.put(event)));
  await notifier.idle();
  const posts = slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200);
  const elapsedMs = Math.max(...posts.map((call) => call.at)) - started;
  let lost = 0;
  let duplicated = 0;
  for (const [channel, names] of expected) {
    const posted = slack.messagesIn(channel).map((message) => postedAlertName(message) ?? '');
    lost += names.filter((name) => !posted.includes(name)).length;
    duplicated += posted.length - new Set(posted).size;
  }
  const rateLimited = slack.calls.filter((call) => call.status === 429).length;
  await setup.stop();
  const perChannel = BURST_ALARMS / BURST_CHANNELS;
  const floorMs = (perChannel - 1) * POST_INTERVAL_MS;
  return { lost, duplicated, rateLimited, elapsedMs, floorMs, perChannel };
}

const latency = await benchLatency();
console.log(
  `latency, event → message at the Slack stand-in (${LATENCY_EVENTS} alarms, one at a time): p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
);
const burst = await benchBurst();
console.log(
  `burst, ${BURST_ALARMS} alarms at once across ${BURST_CHANNELS} channels (${burst.perChannel} each), stand-in enforcing 1 message/s/channel:`,
);
console.log(`  lost ${burst.lost}, duplicated ${burst.duplicated}, 429s met ${burst.rateLimited}`);
console.log(
  `  total ${(burst.elapsedMs / 1000).toFixed(1)} s against the pacing floor ${(burst.floorMs / 1000).toFixed(0)} s: ratio ${(burst.elapsedMs / burst.floorMs).toFixed(3)}`,
);
process.exitCode = burst.lost === 0 && burst.duplicated === 0 ? 0 : 1;
