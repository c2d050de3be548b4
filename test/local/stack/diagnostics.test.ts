/**
 * Every diagnostics verb through the public path: a signed Slack `/ops` slash command to the local
 * stack's Slack handler → ack → worker → agent → local Gateway → real bridge → sandbox AWS, the
 * answer read back from the Slack Web API stand-in once the bot marks it finished.
 */
import { decode } from 'fast-png';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finishedAnswer } from '#local/stack/slack-harness.ts';
import { LOCAL_SIGNING_SECRET, type LocalStack, startLocalStack } from '#local/stack/stack.ts';
import { postSlashCommand } from '#local/stand-ins/slack-requests.ts';
import type { SlackMessage } from '#local/stand-ins/slack-web-api.ts';

const CHANNEL = 'C0INCIDENT';

describe('diagnostics verbs through the Slack handler (local stack, sandbox AWS)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ streamIntervalMs: 50 });
  });
  beforeEach(() => {
    stack.sandbox!.clearFaults();
    stack.sandbox!.resetCalls();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Sends `/ops <text>` as `user` and returns the thread once the answer is finished. */
  async function askSlack(
    text: string,
    user = 'U0ALICE',
  ): Promise<{ answer: SlackMessage; thread: SlackMessage[] }> {
    const response = await postSlashCommand(stack.slackEventsUrl, text, {
      user,
      channel: CHANNEL,
      secret: LOCAL_SIGNING_SECRET,
    });
    expect(response.status).toBe(200);
    const root = await stack.slackApi.whenMessage(
      (m) => m.channel === CHANNEL && !m.threadTs && m.text.startsWith(`\`/ops ${text}\``),
    );
    const answer = await finishedAnswer(stack.slackApi, CHANNEL, root.ts);
    await stack.idle();
    return { answer, thread: stack.slackApi.messagesIn(CHANNEL, root.ts) };
  }

  /**
   * A command refused to the asker alone: posts it, waits for the private line that `says`, and
   * gives that line and what the channel gained meanwhile.
   */
  async function askRefused(
    text: string,
    user: string,
    says: string,
  ): Promise<{ refusal: SlackMessage; added: SlackMessage[] }> {
    const before = stack.slackApi.messagesIn(CHANNEL).length;
    await postSlashCommand(stack.slackEventsUrl, text, {
      user,
      channel: CHANNEL,
      secret: LOCAL_SIGNING_SECRET,
    });
    const refusal = await stack.slackApi.whenMessage(
      (m) => m.channel === CHANNEL && m.ephemeralTo === user && m.text.includes(says),
    );
    await stack.idle();
    return { refusal, added: stack.slackApi.messagesIn(CHANNEL).slice(before) };
  }

  it('answers changes with the principals and their SourceIdentity, newest first', async () => {
    // Act
    const { answer } = await askSlack('prod changes 1h');
    // Assess
    expect(answer.metadata?.event_payload.state).toBe('final');
    expect(answer.text).toMatch(
      /\*payments-prod\* \(111111111111\) · prod\nus-east-1 · \d+ changes by \d+ principals/,
    );
    expect(answer.text).toContain('SourceIdentity alice');
    expect(answer.text).toMatch(/ModifyTargetGroup payments-prod-web-app/);
    expect(stack.sandbox!.calls.sts.every((c) => c.sourceIdentity === 'alice')).toBe(true);
  });

  it('answers logs with matching Lambda lines, and Logs Insights queries through their lifecycle', async () => {
    // Act
    const filtered = await askSlack('dev logs sandbox-dev-orders-api ERROR 1h');
    const insights = await askSlack('prod logs catalog filter @message like /error/ | limit 3');
    // Assess
    expect(filtered.answer.text).toMatch(
      /\/aws\/lambda\/sandbox-dev-orders-api: \d+\+? events matching "ERROR"/,
    );
    expect(filtered.answer.text).toContain('TimeoutError');
    expect(insights.answer.text).toMatch(/\/ecs\/payments-prod-cluster-1\/catalog: Logs Insights, 3 rows/);
    expect(insights.answer.text).toContain('connection refused to payments-db');
  });

  it('answers metric with a sparkline and min/max/last, and uploads the chart PNG with its alt text', async () => {
    // Act
    const { answer, thread } = await askSlack('prod metric alb-5xx');
    // Assess
    expect(answer.text).toMatch(/alb-5xx \(Sum, 3h\): [▁▂▃▄▅▆▇█]+ min \d+ · max \d+ · last \d+/);
    const charts = thread.flatMap((m) => m.files ?? []).filter((f) => f.name.endsWith('.png'));
    expect(charts.map((f) => f.name)).toContain('alb-5xx-payments-prod-us-east-1.png');
    const png = decode(charts[0]!.bytes);
    expect([png.width, png.height]).toEqual([600, 300]);
    expect(charts[0]!.altText).toMatch(/^alb-5xx \(Sum\) in payments-prod us-east-\d, last 3h: .*min/);
  });

  it('answers health with the open issue of the account', async () => {
    // Act
    const { answer } = await askSlack('prod health');
    // Assess
    expect(answer.text).toMatch(/⚠️ 1 open issue/);
    expect(answer.text).toContain('AWS_EC2_OPERATIONAL_ISSUE');
    expect(
      stack
        .sandbox!.calls.mcp.filter((c) => c.method === 'tools/call')
        .every((c) => c.region === 'us-east-1'),
    ).toBe(true);
  });

  it('describes an instance by id and an RDS instance by its ARN, with state and tags', async () => {
    // Prepare
    const data = stack.sandbox!.dataset('111111111111').byRegion['us-east-1']!;
    const instance = data.instances[0]!;
    const db = data.dbInstances[0]!;
    // Act
    const byId = await askSlack(`prod describe ${instance.InstanceId}`);
    const byArn = await askSlack(`describe ${db.DBInstanceArn}`);
    // Assess
    expect(byId.answer.text).toContain(
      `${instance.InstanceId} (${instance.Tags[0]!.Value}): ${instance.State.Name}`,
    );
    expect(byId.answer.text).toMatch(/tags: Name=/);
    expect(byArn.answer.text).toContain(`${db.DBInstanceIdentifier}: ${db.DBInstanceStatus} ${db.Engine}`);
  });

  it('answers ecs with the service below its desired count first, with its last events', async () => {
    // Act
    const { answer } = await askSlack('prod ecs');
    // Assess
    expect(answer.text).toMatch(/⚠️ 1 not at desired count/);
    expect(answer.text).toMatch(/⚠️ catalog \(payments-prod-cluster-1\): 2\/4 running, 1 pending/);
    expect(answer.text).toContain('unable to consistently start tasks');
  });

  it('answers targets with the unhealthy targets and the reason ELB gives', async () => {
    // Act
    const { answer } = await askSlack('prod targets payments-prod-web');
    // Assess
    expect(answer.text).toMatch(/payments-prod-web: 2\/4 targets healthy/);
    expect(answer.text).toContain('Target.ResponseCodeMismatch Health checks failed with these codes: [502]');
  });

  it('answers aws with a structured call, and refuses a mutating one to the asker alone with the policy reason, reaching no account', async () => {
    // Act
    const read = await askSlack('prod aws elbv2 DescribeTargetGroups');
    stack.sandbox!.resetCalls();
    const { refusal, added } = await askRefused(
      'prod aws ec2 TerminateInstances --InstanceIds ["i-1"]',
      'U0ALICE',
      'is refused',
    );
    // Assess: one private line; nothing of it in the channel.
    expect(read.answer.text).toMatch(/TargetGroups: 1 item/);
    expect(refusal.text).toMatch(/refused: "ec2 terminate-instances" is refused: only read-only operations/);
    expect(added).toEqual([refusal]);
    expect(stack.sandbox!.calls.sts).toEqual([]);
    expect(stack.sandbox!.calls.mcp).toEqual([]);
  });

  it('names the failing account beside the others when one denies access', async () => {
    // Prepare
    stack.sandbox!.injectFault('444444444444', 'access_denied', 1);
    // Act
    const { answer } = await askSlack('all health');
    // Assess
    expect(answer.text).toMatch(/^\*4 accounts · 1 region · ⚠️ 1 failed\*/);
    expect(answer.text).toMatch(
      /\*security-audit\* \(444444444444\) · security\n⚠️ us-east-1: tool_error: .*AccessDenied/,
    );
    expect(answer.text).toMatch(/\*payments-prod\* \(111111111111\) · prod\nus-east-1 · ⚠️ 1 open issue/);
  });

  it('refuses bob prod changes to him alone in one line, naming the group that grants it, without a call', async () => {
    // Prepare
    stack.sandbox!.resetCalls();
    // Act
    const { refusal, added } = await askRefused('prod changes', 'U0BOB', 'You may not read');
    // Assess: one private line; nothing of it in the channel.
    expect(refusal.text).toMatch(
      /You may not read payments-prod \(111111111111\): it needs ops-prod-readers/,
    );
    expect(added).toEqual([refusal]);
    expect(stack.sandbox!.calls.sts).toEqual([]);
  });
});
