/**
 * Conversation figures on the local stack (`npx tsx bench/actions.ts [runs]`), measured side by side
 * in one run, printed, never asserted:
 * - Slack Web API calls per answer: an `/ops prod ec2` (root message, stream, Block Kit answer) and
 *   a mention, counted at the Web API stand-in from the signed request to the finished answer;
 * - tap to updated message: a Refresh tap (signed block_actions) → its ack → the first edit of the
 *   tapped answer (the question's status replaces it) → the finished answer in place; the same for
 *   a Teams card (adaptiveCard/action invoke → invoke response → first and final card update);
 * - the calls one tap costs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import { LOCAL_SIGNING_SECRET, LOCAL_TEAMS_TENANT, startLocalStack } from '#local/stack/stack.ts';
import { startBotConnector } from '#local/stand-ins/bot-connector.ts';
import {
  appMention,
  blockActions,
  type LambdaUrlEvent,
  signedForm,
  signedJson,
  slashCommand,
} from '#local/stand-ins/slack-requests.ts';
import type { SlackApiCall, SlackMessage } from '#local/stand-ins/slack-web-api.ts';
import { nearestRankPercentile } from './lib/stats.ts';

const RUNS = Number(process.argv[2] ?? 10);
const CHANNEL = 'C0INCIDENT';

const stack = await startLocalStack({});
const api = stack.slackApi;

/** POSTs a signed Slack request to the local Slack endpoint, as Slack would. */
async function toSlack(event: LambdaUrlEvent): Promise<void> {
  const response = await fetch(stack.slackEventsUrl, {
    method: 'POST',
    headers: event.headers as Record<string, string>,
    body: event.body ?? '',
  });
  await response.text();
  if (response.status !== 200) throw new Error(`Slack handler answered ${response.status}`);
}

function isFinal(message: SlackMessage): boolean {
  return (
    message.metadata?.event_type === ANSWER_EVENT_TYPE && message.metadata.event_payload.state === 'final'
  );
}

function callsSince(at: number): SlackApiCall[] {
  return api.calls.filter((call) => call.at >= at);
}

function hasFinalMetadata(call: SlackApiCall): boolean {
  const metadata =
    typeof call.args.metadata === 'string' ? JSON.parse(call.args.metadata) : call.args.metadata;
  return (metadata as { event_payload?: { state?: string } } | undefined)?.event_payload?.state === 'final';
}

/** Waits until `find` answers, polling the stand-in's record (a state, each poll 5 ms apart). */
async function until<T>(find: () => T | undefined): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    await sleep(5);
  }
}

const slack = {
  commandCalls: [] as number[],
  mentionCalls: [] as number[],
  ack: [] as number[],
  first: [] as number[],
  final: [] as number[],
  tapCalls: [] as number[],
};

for (let run = 0; run < RUNS; run += 1) {
  // An /ops answer: root message, streamed answer, Block Kit layout.
  const command = slashCommand('prod ec2', { channel: CHANNEL });
  let started = performance.now();
  await toSlack(signedForm(command, { secret: LOCAL_SIGNING_SECRET }));
  await stack.idle();
  slack.commandCalls.push(callsSince(started).length);

  // A mention, then a Refresh tap on its answer.
  const ts = `${Math.floor(Date.now() / 1000)}.${String(run).padStart(6, '0')}`;
  started = performance.now();
  await toSlack(
    signedJson(appMention({ text: 'list ec2 instances in prod', ts, channel: CHANNEL }), {
      secret: LOCAL_SIGNING_SECRET,
    }),
  );
  const answer = await api.whenMessage((message) => message.threadTs === ts && isFinal(message));
  await stack.idle();
  slack.mentionCalls.push(callsSince(started).length);

  const refresh = (answer.blocks ?? [])
    .flatMap((block) =>
      block.type === 'actions'
        ? (block.elements as { action_id: string; value: string; text: { text: string } }[])
        : [],
    )
    .find((button) => button.text.text === 'Refresh');
  if (!refresh) throw new Error('the answer has no Refresh button');
  const tap = signedForm(
    {
      payload: JSON.stringify(
        blockActions({
          actionId: refresh.action_id,
          value: refresh.value,
          messageTs: answer.ts,
          threadTs: ts,
          channel: CHANNEL,
        }),
      ),
    },
    { secret: LOCAL_SIGNING_SECRET },
  );
  const tapped = performance.now();
  await toSlack(tap);
  slack.ack.push(performance.now() - tapped);
  const first = await until(() =>
    callsSince(tapped).find((call) => call.method === 'chat.update' && call.args.ts === answer.ts),
  );
  slack.first.push(first.at - tapped);
  const final = await until(() =>
    callsSince(tapped).find(
      (call) => call.method === 'chat.update' && call.args.ts === answer.ts && hasFinalMetadata(call),
    ),
  );
  slack.final.push(final.at - tapped);
  await stack.idle();
  slack.tapCalls.push(callsSince(tapped).length);
}

// Teams: a channel mention answered as a card, then its Refresh (Action.Execute) tapped.
const connector = await startBotConnector();
const teams = { ack: [] as number[], first: [] as number[], final: [] as number[] };
const channel = '19:incident@thread.tacv2';
const alice = { id: '29:1alice', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000a11ce' };
const activity = (type: string, id: string, root: string, extra: Record<string, unknown>) => ({
  type,
  id,
  timestamp: new Date().toISOString(),
  channelId: 'msteams',
  serviceUrl: connector.serviceUrl,
  from: alice,
  recipient: { id: '28:centralops', name: 'CentralOps' },
  conversation: {
    isGroup: true,
    conversationType: 'channel',
    tenantId: LOCAL_TEAMS_TENANT,
    id: `${channel};messageid=${root}`,
  },
  channelData: { teamsChannelId: channel, channel: { id: channel }, tenant: { id: LOCAL_TEAMS_TENANT } },
  ...extra,
});
const toTeams = async (body: unknown) => {
  const response = await fetch(stack.teamsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
};
for (let run = 0; run < RUNS; run += 1) {
  const root = String(1_732_354_900_000 + run);
  await toTeams(
    activity('message', root, root, {
      text: '<at>CentralOps</at> ops prod ec2',
      entities: [
        {
          type: 'mention',
          mentioned: { id: '28:centralops', name: 'CentralOps' },
          text: '<at>CentralOps</at>',
        },
      ],
    }),
  );
  await stack.idle();
  const card = connector
    .accepted(`${channel};messageid=${root}`)
    .filter((record) => Array.isArray(record.activity.attachments))
    .at(-1);
  if (!card) throw new Error('no Teams card');
  const content = JSON.stringify(card.activity.attachments);
  const value = /"verb":"refresh","data":\{"value":"((?:[^"\\]|\\.)*)"\}/.exec(content)?.[1];
  if (!value) throw new Error('the card has no Refresh');
  const before = connector.activities.length;
  // The connector stamps what it receives with the wall clock.
  const tappedAt = Date.now();
  const tapped = performance.now();
  await toTeams(
    activity('invoke', `f:${root}`, root, {
      name: 'adaptiveCard/action',
      replyToId: card.activityId,
      value: {
        action: { type: 'Action.Execute', verb: 'refresh', data: { value: JSON.parse(`"${value}"`) } },
        trigger: 'manual',
      },
    }),
  );
  teams.ack.push(performance.now() - tapped);
  const updates = () =>
    connector.activities
      .slice(before)
      .filter((record) => record.method === 'PUT' && record.activityId === card.activityId);
  const firstUpdate = await until(() => updates()[0]);
  const finalUpdate = await until(() =>
    updates().find((record) => Array.isArray(record.activity.attachments)),
  );
  teams.first.push(firstUpdate.at - tappedAt);
  teams.final.push(finalUpdate.at - tappedAt);
  await stack.idle();
}
await connector.stop();
await stack.stop();

const median = (values: readonly number[]) => nearestRankPercentile(values, 50);
const p95 = (values: readonly number[]) => nearestRankPercentile(values, 95);
const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(`Conversations on the local stack, ${RUNS} runs each (stream pacing 400 ms, as npm start)`);
console.log('Slack Web API calls per answer (median / max):');
console.log(
  `  /ops prod ec2 (root, stream, Block Kit answer)  ${median(slack.commandCalls)} / ${Math.max(...slack.commandCalls)}`,
);
console.log(
  `  @mention list ec2 instances in prod              ${median(slack.mentionCalls)} / ${Math.max(...slack.mentionCalls)}`,
);
console.log(
  `  Refresh tap (the answer again, in place)         ${median(slack.tapCalls)} / ${Math.max(...slack.tapCalls)}`,
);
console.log('Tap to updated message (median / p95):');
console.log(
  `  Slack ack of the tap            ${ms(median(slack.ack))} / ${ms(p95(slack.ack))}  (${((median(slack.ack) / 3_000) * 100).toFixed(2)}% of Slack's 3 s)`,
);
console.log(`  Slack first edit of the answer  ${ms(median(slack.first))} / ${ms(p95(slack.first))}`);
console.log(
  `  Slack finished answer in place  ${ms(median(slack.final))} / ${ms(p95(slack.final))}  (first edit at ${((median(slack.first) / median(slack.final)) * 100).toFixed(0)}% of it)`,
);
console.log(`  Teams invoke response           ${ms(median(teams.ack))} / ${ms(p95(teams.ack))}`);
console.log(`  Teams first card update         ${ms(median(teams.first))} / ${ms(p95(teams.first))}`);
console.log(
  `  Teams finished card in place    ${ms(median(teams.final))} / ${ms(p95(teams.final))}  (first update at ${((median(teams.first) / median(teams.final)) * 100).toFixed(0)}% of it)`,
);
