import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUGGESTED_PROMPTS } from '#bot/src/slack/agent-pane.ts';
import { ANSWER_EVENT_TYPE, THINKING } from '#bot/src/slack/reply-stream.ts';
import { type SlackHarness, startSlackHarness } from '#local/stack/slack-harness.ts';
import { s3Answer } from '#local/stand-ins/agent.ts';
import {
  appContextChanged,
  appHomeOpened,
  appMention,
  messageIm,
  signedForm,
  signedJson,
  slashCommand,
} from '#local/stand-ins/slack-requests.ts';

describe('Slack surfaces', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ script: s3Answer });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.api.calls.length = 0;
    harness.agent.requests.length = 0;
  });

  function callsOf(method: string) {
    return harness.api.calls.filter((call) => call.method === method);
  }

  it('answers a mention in its thread, streamed, then laid out summary first with account and region', async () => {
    // Prepare
    const payload = appMention({ text: 'list s3 buckets in prod', ts: '1731900100.000200' });

    // Act
    await harness.send(signedJson(payload));
    await harness.idle();

    // Assess
    const [start] = callsOf('chat.startStream');
    expect(start?.args).toMatchObject({
      channel: 'C0INCIDENT',
      thread_ts: '1731900100.000200',
      recipient_user_id: 'U0ALICE',
      recipient_team_id: 'T0CENTRAL',
    });
    expect(callsOf('chat.stopStream')).toHaveLength(1);
    const [answer] = harness.api.messagesIn('C0INCIDENT', '1731900100.000200');
    expect(answer?.streaming).toBe(false);
    expect(answer?.metadata).toEqual({ event_type: ANSWER_EVENT_TYPE, event_payload: { state: 'final' } });
    expect(answer?.text).not.toContain('querying');
    expect(answer?.text).toContain(
      '*payments-prod* (111111111111) · prod\nus-east-1 · 2 buckets\nus-west-2 · 2 buckets',
    );
    expect(answer?.text).toContain('*payments-prod* (111111111111) · us-west-2 · `s3api list-buckets`');
    expect(harness.agent.requests[0]?.body).toMatchObject({
      prompt: 'list s3 buckets in prod',
      conversation: {
        platform: 'slack',
        workspace: 'T0CENTRAL',
        channel: 'C0INCIDENT',
        thread: '1731900100.000200',
      },
    });
    expect(harness.agent.requests[0]?.headers['x-amzn-bedrock-agentcore-runtime-user-id']).toBe('sub-alice');
  });

  it('answers a mention inside a thread in that thread', async () => {
    // Act
    await harness.send(
      signedJson(
        appMention({ text: 'and staging?', ts: '1731900101.000300', threadTs: '1731900100.000200' }),
      ),
    );
    await harness.idle();

    // Assess
    expect(callsOf('chat.startStream')[0]?.args.thread_ts).toBe('1731900100.000200');
    expect(harness.api.messagesIn('C0INCIDENT', '1731900101.000300')).toEqual([]);
  });

  it('answers once when the worker gets the same question twice', async () => {
    // Prepare
    await harness.send(signedJson(appMention({ text: 'list s3', ts: '1731900103.000100' })));
    await harness.idle();
    const [work] = harness.dispatched.slice(-1);

    expect(work?.kind).toBe('question');

    // Act
    if (work) await harness.worker(work);

    // Assess
    expect(harness.agent.requests).toHaveLength(1);
    expect(harness.api.messagesIn('C0INCIDENT', '1731900103.000100')).toHaveLength(1);
  });

  it('answers a bare mention with what CentralOps can do instead of silence', async () => {
    // Act
    await harness.send(signedJson(appMention({ text: '', ts: '1731900102.000100' })));
    await harness.idle();

    // Assess
    expect(harness.agent.requests[0]?.body.prompt).toBe('help');
    expect(harness.api.messagesIn('C0INCIDENT', '1731900102.000100')).toHaveLength(1);
  });

  it('answers a DM in its thread with the thinking status first', async () => {
    // Act
    await harness.send(signedJson(messageIm({ text: 'list s3 buckets in prod', ts: '1731900200.000100' })));
    await harness.idle();

    // Assess
    const statuses = callsOf('assistant.threads.setStatus').map((call) => call.args);
    expect(statuses[0]).toMatchObject({
      channel_id: 'D0ALICE',
      thread_ts: '1731900200.000100',
      status: THINKING,
      loading_messages: ['querying 1 prod account…'],
    });
    const [answer] = harness.api.messagesIn('D0ALICE', '1731900200.000100');
    expect(answer?.text).toContain('us-west-2 · 2 buckets');
  });

  it('ignores the bot’s own DMs and message edits', async () => {
    // Prepare
    const own = messageIm({ text: 'hello' });
    const edit = messageIm({ text: 'hello' });

    // Act
    await harness.send(signedJson({ ...own, event: { ...own.event, bot_id: 'B0CENTRALOPS' } }));
    await harness.send(signedJson({ ...edit, event: { ...edit.event, subtype: 'message_changed' } }));
    await harness.idle();

    // Assess
    expect(harness.agent.requests).toEqual([]);
    expect(harness.api.calls).toEqual([]);
  });

  it('posts the /ops root message for the channel and streams the answer into its thread', async () => {
    // Act
    await harness.send(signedForm(slashCommand('prod s3', { channel: 'C0OPS' })));
    await harness.idle();

    // Assess
    const [root] = harness.api.messagesIn('C0OPS');
    expect(root?.text).toBe('`/ops prod s3` asked by <@U0ALICE>');
    const [answer] = harness.api.messagesIn('C0OPS', root?.ts);
    expect(answer?.text).toContain('us-east-1 · 2 buckets');
    expect(harness.agent.requests[0]?.body.command).toEqual({ name: 'ops', text: 'prod s3' });
  });

  it('answers `/ops … private` only to the asker, with nothing visible in the channel', async () => {
    // Act
    await harness.send(signedForm(slashCommand('prod s3 private', { channel: 'C0PRIVATE' })));
    await harness.idle();

    // Assess
    const visible = harness.api.messagesIn('C0PRIVATE');
    expect(visible).toHaveLength(1);
    expect(visible[0]?.ephemeralTo).toBe('U0ALICE');
    expect(visible[0]?.text).toContain('us-west-2 · 2 buckets');
    expect(callsOf('chat.postMessage')).toEqual([]);
    expect(callsOf('chat.startStream')).toEqual([]);
    expect(harness.agent.requests[0]?.body.command).toEqual({ name: 'ops', text: 'prod s3' });
  });

  it('answers `/ops audit` only to the asker, even without `private`: it shows other channels’ questions', async () => {
    // Act
    await harness.send(signedForm(slashCommand('audit prod 1h', { channel: 'C0AUDIT' })));
    await harness.idle();

    // Assess
    const visible = harness.api.messagesIn('C0AUDIT');
    expect(visible).toHaveLength(1);
    expect(visible[0]?.ephemeralTo).toBe('U0ALICE');
    expect(callsOf('chat.postMessage')).toEqual([]);
    expect(callsOf('chat.startStream')).toEqual([]);
    expect(harness.agent.requests[0]?.body.command).toEqual({ name: 'ops', text: 'audit prod 1h' });
  });

  it('answers `/ops whoami` privately through the identity module', async () => {
    // Act
    await harness.send(signedForm(slashCommand('whoami', { channel: 'C0WHO' })));
    await harness.idle();

    // Assess
    const visible = harness.api.messagesIn('C0WHO');
    expect(visible.map((message) => [message.ephemeralTo, message.text])).toEqual([
      ['U0ALICE', 'identity: whoami'],
    ]);
    expect(harness.agent.requests).toEqual([]);
  });

  it('offers at most four suggested prompts when the agent pane opens', async () => {
    // Act
    await harness.send(signedJson(appHomeOpened()));
    await harness.send(signedJson(appHomeOpened({ tab: 'home' })));
    await harness.idle();

    // Assess
    const calls = callsOf('assistant.threads.setSuggestedPrompts');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args.channel_id).toBe('D0ALICE');
    expect(calls[0]?.args.prompts).toEqual(SUGGESTED_PROMPTS);
    expect(SUGGESTED_PROMPTS.length).toBeLessThanOrEqual(4);
  });

  it('refreshes the suggested prompts for the channel the user now looks at', async () => {
    // Act
    await harness.send(signedJson(appContextChanged('C0INCIDENT')));
    await harness.idle();

    // Assess
    const [call] = callsOf('assistant.threads.setSuggestedPrompts');
    expect(call?.args).toMatchObject({
      channel_id: 'D0ALICE',
      title: expect.stringContaining('<#C0INCIDENT>'),
    });
  });
});
