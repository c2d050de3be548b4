import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVENT_TYPE } from '#bot/src/alerts/slack-message.ts';
import { postedAlertName } from '#local/alerts/notifier.ts';
import {
  ALARM_SINGLE_METRIC,
  copy,
  GUARDDUTY_FINDING,
  HEALTH_ELB_API_ISSUE,
  SECURITY_HUB_FINDING,
} from './aws-events.ts';
import { type AlertHarness, startAlertHarness, TEAMS_CHANNEL } from './harness.ts';

let counter = 0;
/** The documented alarm event, as a new delivery (its own event id) of one state of one alarm. */
function alarm(
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  options: { name?: string; minute?: number; account?: string } = {},
) {
  const event = copy(ALARM_SINGLE_METRIC);
  counter += 1;
  event.id = `alarm-event-${counter}`;
  if (options.account) event.account = options.account;
  event.detail.alarmName = options.name ?? 'ServerCpuTooHigh';
  event.detail.state.value = state;
  event.detail.state.timestamp = `2019-10-02T17:${String(options.minute ?? 4).padStart(2, '0')}:40.989+0000`;
  return event;
}

describe('alert notifier (router + poster) with Slack and Teams stand-ins', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await startAlertHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('posts an alarm to the channels whose route takes its account, as Block Kit with its metadata, and in Teams as a card in a new thread', async () => {
    // Act
    const routed = await h.fire(alarm('ALARM', { name: 'RoutedAlarm' }));

    // Assess
    expect([...(routed?.routed[0]?.channels ?? [])].sort()).toEqual([
      'slack#T0CENTRAL#C0PROD',
      `teams#00000000-0000-0000-0000-0000000000aa#${TEAMS_CHANNEL}`,
    ]);
    const [root] = h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('RoutedAlarm'));
    expect(root?.text.split('\n')[0]).toBe('🔴 ALARM · RoutedAlarm');
    expect(root?.text).toContain('*Account*\nweb-prod (123456789012, prod)');
    expect(root?.text).toContain('*Region*\nus-east-1');
    expect(root?.metadata).toMatchObject({
      event_type: ALERT_EVENT_TYPE,
      event_payload: { status: 'ALARM', source: 'alarm' },
    });
    const post = h.slack.calls.find(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('RoutedAlarm'),
    );
    expect(JSON.stringify(post?.args.blocks)).toContain('i-12345678901234567');
    expect(h.slack.messagesIn('C0SEC')).toEqual([]);
    expect(h.slack.messagesIn('C0QUIET')).toEqual([]);
    const teamsRoot = h.connector.conversations.find((c) =>
      JSON.stringify(c.parameters).includes('RoutedAlarm'),
    );
    expect(teamsRoot?.id).toMatch(new RegExp(`^${TEAMS_CHANNEL};messageid=\\d+$`));
    expect(teamsRoot?.parameters.channelData).toMatchObject({ channel: { id: TEAMS_CHANNEL } });
    expect(JSON.stringify(teamsRoot?.parameters.activity)).toContain(
      'application/vnd.microsoft.card.adaptive',
    );
  });

  it("posts an alarm's later state changes in its thread and updates the root's status in place, on both platforms", async () => {
    // Act
    await h.fire(alarm('ALARM', { name: 'ThreadedAlarm', minute: 10 }));
    await h.fire(alarm('OK', { name: 'ThreadedAlarm', minute: 20 }));

    // Assess: one root, now OK; the OK in its thread
    const roots = h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('ThreadedAlarm'));
    expect(roots).toHaveLength(1);
    expect(roots[0]?.text).toMatch(/^✅ OK · ThreadedAlarm/);
    expect(roots[0]?.metadata?.event_payload.status).toBe('OK');
    expect(roots[0]?.edits).toBe(1);
    const replies = h.slack.messagesIn('C0PROD', roots[0]?.ts);
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(/^✅ OK at 2019-10-02 17:20 UTC: Threshold Crossed/),
    ]);
    const thread = h.connector.conversations.find((c) =>
      JSON.stringify(c.parameters).includes('ThreadedAlarm'),
    )!.id;
    const inThread = h.connector.accepted(thread);
    expect(inThread.map((a) => a.method)).toEqual(['POST', 'POST', 'PUT']);
    expect(JSON.stringify(inThread[1]?.activity)).toContain('OK at');
    expect(JSON.stringify(inThread[2]?.activity)).toContain('OK · ThreadedAlarm');
  });

  it('drops a repeated delivery of the same event (EventBridge is at least once): one post', async () => {
    // Prepare
    const event = alarm('ALARM', { name: 'RepeatedAlarm' });

    // Act
    const first = await h.fire(event);
    const again = await h.fire(copy(event));

    // Assess
    expect(first?.routed).toHaveLength(1);
    expect(again).toEqual({ routed: [], dropped: ['repeat delivery'] });
    expect(h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('RepeatedAlarm'))).toHaveLength(1);
  });

  it('drops alerts about accounts that are not registered, or disabled, and posts nothing', async () => {
    // Act
    const unknown = await h.fire(alarm('ALARM', { name: 'StrangerAlarm', account: '999999999999' }));
    const disabled = await h.fire(alarm('ALARM', { name: 'DisabledAlarm', account: '444455556666' }));

    // Assess
    expect(unknown?.dropped).toEqual(['account 999999999999 is not registered or not enabled']);
    expect(disabled?.dropped).toEqual(['account 444455556666 is not registered or not enabled']);
    expect(h.slack.calls.some((c) => /StrangerAlarm|DisabledAlarm/.test(JSON.stringify(c.args)))).toBe(false);
  });

  it("drops a delegated administrator's finding about an account that is not registered", async () => {
    // Prepare: sent by the registered security account, about an unknown member
    const event = copy(GUARDDUTY_FINDING);
    event.id = 'gd-unknown-member';
    event.detail.accountId = '777788889999';

    // Act
    const routed = await h.fire(event);

    // Assess
    expect(routed?.dropped).toEqual(['account 777788889999 is not registered or not enabled']);
  });

  it('posts GuardDuty and Security Hub findings to the security channel only, by account alias and source', async () => {
    // Act
    const guardduty = await h.fire(copy(GUARDDUTY_FINDING));
    const securityhub = await h.fire(copy(SECURITY_HUB_FINDING));

    // Assess
    expect(guardduty?.routed[0]?.channels).toEqual(['slack#T0CENTRAL#C0SEC']);
    expect(securityhub?.routed[0]?.channels).toEqual(['slack#T0CENTRAL#C0SEC']);
    expect(h.slack.messagesIn('C0SEC').map(postedAlertName)).toEqual([
      '198.51.100.0 is performing SSH brute force attacks against i-99999999.',
      'S3.13 S3 buckets should have lifecycle policies configured',
    ]);
  });

  it('drops GuardDuty findings below the floor and Security Hub findings below HIGH', async () => {
    // Prepare
    const low = copy(GUARDDUTY_FINDING);
    low.id = 'gd-low';
    low.detail.severity = 5;
    const medium = copy(SECURITY_HUB_FINDING);
    medium.id = 'sh-medium';
    medium.detail.findings[0]!.Severity = { Label: 'MEDIUM', Original: '5' };

    // Act
    const results = [await h.notifier.put(low), await h.notifier.put(medium)];

    // Assess: the bus's rules do not even match them
    expect(results).toEqual([undefined, undefined]);
  });

  it("offers Investigate (with the alarm's facts) and Mute 1h on the root, as Block Kit buttons and Teams Action.Execute", async () => {
    // Act
    await h.fire(alarm('ALARM', { name: 'ButtonedAlarm' }));

    // Assess
    const [root] = h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('ButtonedAlarm'));
    const elements = (root?.blocks ?? [])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Record<string, unknown>[]);
    expect(elements.map((e) => e.action_id)).toEqual(['investigate:0', 'mute:1']);
    expect(JSON.parse(String(elements[0]?.value))).toEqual({
      a: '123456789012',
      r: 'us-east-1',
      m: 'AWS/EC2:CPUUtilization:InstanceId=i-12345678901234567',
      s: 'Average',
      x: 'i-12345678901234567',
    });
    const teamsRoot = h.connector.conversations.find((c) =>
      JSON.stringify(c.parameters).includes('ButtonedAlarm'),
    );
    const card = JSON.stringify(teamsRoot?.parameters.activity);
    expect(card).toContain('"type":"Action.Execute","title":"🔎 Investigate","verb":"investigate"');
    expect(card).toContain('"verb":"mute"');
  });

  it("drops a Health event's backup copy from another region (same communication, same account)", async () => {
    // Prepare
    const first = copy(HEALTH_ELB_API_ISSUE);
    first.id = 'health-primary';
    first.detail.communicationId = 'health-communication-1';
    const backup = copy(first);
    backup.id = 'health-backup';
    backup.region = 'us-west-2';

    // Act
    const routed = [await h.fire(first), await h.fire(backup)];

    // Assess
    expect(routed[0]?.routed).toHaveLength(1);
    expect(routed[1]).toEqual({ routed: [], dropped: ['repeat delivery'] });
  });

  it('routes Health events by the affected account', async () => {
    // Act
    const routed = await h.fire(copy(HEALTH_ELB_API_ISSUE));

    // Assess
    expect(routed?.routed[0]?.channels).toEqual(['slack#T0CENTRAL#C0PROD']);
  });

  it('escapes what the event says: an alarm named <!channel> pings nobody', async () => {
    // Act
    await h.fire(alarm('ALARM', { name: '<!channel> <https://evil.example|click>' }));

    // Assess: what Slack parses (the text and every mrkdwn block) carries it escaped; plain_text is never parsed
    const post = h.slack.calls.filter((c) => c.method === 'chat.postMessage').at(-1);
    const parsed = [
      String(post?.args.text),
      ...JSON.stringify(post?.args.blocks)
        .match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)!
        .map(String),
    ];
    expect(parsed.join('\n')).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(parsed[0]).toContain('&lt;!channel&gt;');
  });
});

describe('alert notifier: flapping and mutes', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await startAlertHarness({ flapChanges: 3, flapWindowMs: 60 * 60_000 });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('collapses more than N changes within the window into one line updated in place', async () => {
    // Act: ALARM, then 8 changes alternating OK / ALARM
    await h.fire(alarm('ALARM', { name: 'FlappingAlarm', minute: 0 }));
    for (let minute = 1; minute <= 8; minute++) {
      await h.fire(alarm(minute % 2 ? 'OK' : 'ALARM', { name: 'FlappingAlarm', minute }));
    }

    // Assess: 2 ordinary lines (changes 2 and 3), then one flapping line edited for the rest
    const [root] = h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('FlappingAlarm'));
    const replies = h.slack.messagesIn('C0PROD', root?.ts);
    expect(replies).toHaveLength(3);
    expect(replies[2]?.text).toMatch(/^🔁 Flapping: 9 changes in 60 min, now 🔴 ALARM/);
    expect(replies[2]?.edits).toBe(5);
    expect(root?.text).toMatch(/^🔴 ALARM · FlappingAlarm/);
  });

  it('posts nothing new in a muted channel, and keeps the roots it has up to date, silently', async () => {
    // Prepare
    await h.fire(alarm('ALARM', { name: 'MutedAlarm', minute: 30 }));
    const channel = { platform: 'slack' as const, workspaceId: 'T0CENTRAL', channelId: 'C0PROD' };
    await h.notifier.mutes.set(channel, { until: Date.now() + 3_600_000, by: 'U0ALICE' });
    const before = h.slack.calls.filter((c) => c.method === 'chat.postMessage').length;

    // Act
    await h.fire(alarm('ALARM', { name: 'NewWhileMuted', minute: 31 }));
    await h.fire(alarm('OK', { name: 'MutedAlarm', minute: 32 }));

    // Assess
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(before);
    const [root] = h.slack.messagesIn('C0PROD').filter((m) => m.text.includes('MutedAlarm'));
    expect(root?.text).toMatch(/^✅ OK · MutedAlarm/);
  });
});
