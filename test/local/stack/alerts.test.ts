import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigationPlan } from '#bot/src/actions/investigate.ts';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import { buttonOf, tapButton } from '#local/stack/slack-taps.ts';
import {
  LOCAL_SIGNING_SECRET,
  LOCAL_SLACK_TEAM,
  type LocalStack,
  startLocalStack,
} from '#local/stack/stack.ts';

const CHANNEL = 'C0INCIDENT';

describe('local stack: alerts, Investigate and Mute through the signed Slack path', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ streamIntervalMs: 100 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Fires the sample alarm of payments-prod and returns its root in #incident. */
  async function alarmRoot(state: 'ALARM' | 'OK' = 'ALARM') {
    const fired = await stack.fireAlert({ kind: 'alarm', account: 'payments-prod', state });
    await stack.idle();
    expect(fired.routed[0]?.channels).toContain(`slack#${LOCAL_SLACK_TEAM}#${CHANNEL}`);
    const [root] = stack.slackApi.messagesIn(CHANNEL).filter((m) => m.metadata?.event_payload.thread);
    return root!;
  }

  async function tap(
    user: string,
    action: 'investigate' | 'mute',
    root: Awaited<ReturnType<typeof alarmRoot>>,
  ) {
    const button = buttonOf(root, action);
    expect(button).toBeDefined();
    const response = await tapButton({
      url: stack.slackEventsUrl,
      signingSecret: LOCAL_SIGNING_SECRET,
      team: LOCAL_SLACK_TEAM,
      channel: CHANNEL,
      messageTs: root.ts,
      user,
      ...button!,
    });
    expect(response.status).toBe(200);
    await stack.idle();
  }

  it("refuses bob's Investigate in the alert's thread: he may not read payments-prod", async () => {
    // Prepare
    const root = await alarmRoot();
    const before = stack.slackApi.messagesIn(CHANNEL, root.ts).length;

    // Act
    await tap('U0BOB', 'investigate', root);

    // Assess
    const added = stack.slackApi.messagesIn(CHANNEL, root.ts).slice(before);
    expect(added.map((m) => m.text)).toEqual([
      expect.stringMatching(/^⚠️ Investigation refused for bob: account 111111111111: /),
    ]);
    expect(added[0]?.ephemeralTo).toBeUndefined();
  });

  it("runs alice's Investigate in the alert's thread, as her: metric, changes, the resource and its error logs", async () => {
    // Prepare
    const root = await alarmRoot();
    const before = stack.slackApi.messagesIn(CHANNEL, root.ts).length;
    const steps = investigationPlan(JSON.parse(buttonOf(root, 'investigate')!.value));

    // Act
    await tap('U0ALICE', 'investigate', root);

    // Assess: one finished answer per step, each naming the account
    const answers = stack.slackApi
      .messagesIn(CHANNEL, root.ts)
      .slice(before)
      .filter((m) => m.metadata?.event_type === ANSWER_EVENT_TYPE);
    expect(steps.map((step) => step.split(' ')[1])).toEqual(['metric', 'changes', 'describe', 'logs']);
    expect(answers).toHaveLength(steps.length);
    expect(answers.map((m) => m.metadata?.event_payload.state)).toEqual(steps.map(() => 'final'));
    for (const answer of answers) expect(answer.text).toContain('111111111111');
  });

  it('mutes the channel for an hour when alice taps Mute: said in the thread, and the next alert is not posted', async () => {
    // Prepare
    const root = await alarmRoot();
    const before = stack.slackApi.messagesIn(CHANNEL).length;

    // Act
    await tap('U0ALICE', 'mute', root);
    const health = await stack.fireAlert({ kind: 'health', account: 'payments-prod' });
    await stack.idle();

    // Assess
    const note = stack.slackApi.messagesIn(CHANNEL, root.ts).at(-1);
    expect(note?.text).toMatch(
      /^🔕 Alerts muted in this channel for 1 hour by alice, until \d\d:\d\d UTC\.$/,
    );
    expect(health.routed[0]?.channels).toContain(`slack#${LOCAL_SLACK_TEAM}#${CHANNEL}`);
    expect(stack.slackApi.messagesIn(CHANNEL)).toHaveLength(before);
  });
});
