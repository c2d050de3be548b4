/**
 * Conversations in the thread, through the public Slack handler: answers laid out for a phone with
 * their buttons (Refresh, another environment, Show more, Details), what each tap does as the
 * tapper, replies in a thread CentralOps answered without a new mention (an `/ops` thread keeps its
 * conversation), help and refusals only to the asker, and a channel the bot is not in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_ANSWER_MESSAGES } from '#bot/src/actions/kept-answer.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import { finishedAnswer, type SlackHarness, startSlackHarness } from '#local/stack/slack-harness.ts';
import { PROD } from '#local/stand-ins/agent.ts';
import {
  appMention,
  BOT_USER,
  blockActions,
  signedForm,
  signedJson,
  slashCommand,
} from '#local/stand-ins/slack-requests.ts';
import type { SlackMessage } from '#local/stand-ins/slack-web-api.ts';

const LINES = Array.from(
  { length: 25 },
  (_, i) => `web-${i} i-0${String(i).padStart(16, '0')} running t3.micro`,
);

/** The agent as these tests need it: help and refusals private, a query with 25 lines and its reruns. */
async function* agentScript(request: AgentRequest): AsyncGenerator<AgentEvent> {
  const words = request.command?.text ?? request.prompt;
  if (words === 'help') {
    yield { type: 'private', reason: 'help' };
    yield { type: 'text', delta: '*CentralOps /ops commands*' };
  } else if (words.includes('security')) {
    yield { type: 'private', reason: 'refusal' };
    yield {
      type: 'error',
      code: 'unauthorized',
      message:
        'You may not read security-audit (444444444444): it needs ops-security-readers or ops-all-readers.',
    };
  } else {
    yield { type: 'status', message: 'querying 1 prod account…' };
    yield {
      type: 'result',
      account: PROD,
      region: 'us-east-1',
      operation: 'ec2 DescribeInstances',
      summary: '25 instances (25 running)',
      lines: LINES,
      tally: { noun: 'instance', total: 25, states: { running: 25 } },
    };
  }
  const data = !words.includes('security') && words !== 'help';
  yield {
    type: 'final',
    summary: 'done',
    accounts: data ? [PROD] : [],
    regions: data ? ['us-east-1'] : [],
    elapsedMs: 900,
    sessionId: 's',
    ...(data
      ? {
          rerun: {
            prompt: 'prod ec2 instances',
            command: true,
            environments: [{ environment: 'staging', prompt: 'staging ec2 instances' }],
          },
        }
      : {}),
  };
}

interface Button {
  readonly action_id: string;
  readonly value: string;
  readonly text: { readonly text: string };
}

function buttonsOf(message: SlackMessage | undefined): Button[] {
  const actions = message?.blocks?.find((block) => block.type === 'actions') as
    | { elements: Button[] }
    | undefined;
  return actions?.elements ?? [];
}

describe('Slack conversations', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ script: agentScript });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.agent.requests.length = 0;
    harness.api.calls.length = 0;
  });

  async function mention(
    threadTs: string,
    text = 'list ec2 in prod',
    channel = 'C0INCIDENT',
  ): Promise<SlackMessage> {
    await harness.send(signedJson(appMention({ text, ts: threadTs, channel })));
    const answer = await finishedAnswer(harness.api, channel, threadTs);
    await harness.idle();
    return answer;
  }

  async function tap(answer: SlackMessage, label: string, user = 'U0ALICE') {
    const button = buttonsOf(answer).find((b) => b.text.text === label);
    if (!button) throw new Error(`no button ${label}`);
    await harness.send(
      signedForm({
        payload: JSON.stringify(
          blockActions({
            actionId: button.action_id,
            value: button.value,
            messageTs: answer.ts,
            threadTs: answer.threadTs,
            channel: answer.channel,
            user,
          }),
        ),
      }),
    );
    await harness.idle();
  }

  describe('answers laid out for a phone', () => {
    it('puts the summary first, ten lines with identifiers first, and the buttons under it', async () => {
      // Act
      const answer = await mention('1731970000.000100');

      // Assess
      const lines = answer.text.split('\n');
      expect(lines[0]).toBe('*25 instances: 25 running · 1 account · 1 region*');
      expect(answer.text).toContain('• `i-00000000000000000` web-0 running t3.micro');
      expect(answer.text).not.toContain('web-10 ');
      expect(answer.text).toContain('_… 15 more: Show more_');
      expect(answer.text).toContain('1 account · us-east-1 · 0.9 s');
      expect(buttonsOf(answer).map((button) => button.text.text)).toEqual([
        'Refresh',
        'In staging',
        'Show more',
        'Details',
      ]);
    });

    it('answers help only to the asker, with no footer and nothing in the channel', async () => {
      // Act
      await harness.send(signedForm(slashCommand('help', { channel: 'C0HELP' })));
      await harness.idle();

      // Assess
      const visible = harness.api.messagesIn('C0HELP');
      expect(visible.map((message) => [message.ephemeralTo, message.text])).toEqual([
        ['U0ALICE', '*CentralOps /ops commands*'],
      ]);
      expect(harness.api.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
    });

    it('refuses only to the asker, in one line naming the groups, with no root message', async () => {
      // Act
      await harness.send(signedForm(slashCommand('security ec2', { channel: 'C0REFUSED' })));
      await harness.idle();

      // Assess
      const visible = harness.api.messagesIn('C0REFUSED');
      expect(visible).toHaveLength(1);
      expect(visible[0]?.ephemeralTo).toBe('U0ALICE');
      expect(visible[0]?.text).toBe(
        '🔒 You may not read security-audit (444444444444): it needs ops-security-readers or ops-all-readers.',
      );
    });
  });

  describe('buttons', () => {
    it('asks the same question in another environment as the tapper, answered in the thread', async () => {
      // Prepare
      const answer = await mention('1731970001.000100');
      harness.agent.requests.length = 0;

      // Act
      await tap(answer, 'In staging', 'U0CAROL');

      // Assess
      const [request] = harness.agent.requests;
      expect(request?.body.command).toEqual({ name: 'ops', text: 'staging ec2 instances' });
      expect(request?.headers['x-amzn-bedrock-agentcore-runtime-user-id']).toBe('sub-carol');
      expect(harness.api.messagesIn('C0INCIDENT', '1731970001.000100')).toHaveLength(2);
    });

    it('pages through the lines the answer left out, for a tapper who may read the account', async () => {
      // Prepare
      const answer = await mention('1731970002.000100');

      // Act
      await tap(answer, 'Show more');

      // Assess
      const [, page] = harness.api.messagesIn('C0INCIDENT', '1731970002.000100');
      expect(page?.text).toContain('More details, page 1 of 1.');
      expect(page?.text).toContain('web-10 ');
      expect(page?.text).toContain('web-24 ');
      expect(page?.text).not.toContain('web-9 ');
      expect(buttonsOf(page)).toEqual([]);
      expect(harness.agent.requests).toHaveLength(1);
    });

    it('shows a tapper who may not read the account none of its lines', async () => {
      // Prepare: carol reads dev only
      const answer = await mention('1731970003.000100');

      // Act
      await tap(answer, 'Show more', 'U0CAROL');
      await tap(answer, 'Details', 'U0CAROL');

      // Assess
      const thread = harness.api.messagesIn('C0INCIDENT', '1731970003.000100');
      const page = thread[1];
      expect(page?.text).toContain('🔒 1 account left out: you may not read it here.');
      expect(page?.text).not.toContain('web-');
      const file = thread.find((message) => message.files)?.files?.[0];
      expect(file?.content).not.toContain('web-');
      expect(file?.content).toContain('1 account left out');
    });

    it('sends every line as a snippet on Details', async () => {
      // Prepare
      const answer = await mention('1731970004.000100');

      // Act
      await tap(answer, 'Details');

      // Assess
      const file = harness.api.messagesIn('C0INCIDENT', '1731970004.000100').find((m) => m.files)?.files?.[0];
      expect(file?.name).toBe('centralops-details.md');
      expect(LINES.every((line) => file?.content.includes(line.split(' ').slice(2).join(' ')))).toBe(true);
      expect(file?.content).toContain('**payments-prod** (111111111111) · us-east-1');
    });

    it('refuses a kept answer tapped from another channel, and one that is no longer kept', async () => {
      // Prepare
      const answer = await mention('1731970005.000100');
      const details = buttonsOf(answer).find((b) => b.text.text === 'Details')!;

      // Act
      const elsewhere = blockActions({
        actionId: details.action_id,
        value: details.value,
        messageTs: answer.ts,
        channel: 'C0OTHER',
      });
      await harness.send(signedForm({ payload: JSON.stringify(elsewhere) }));
      const gone = blockActions({
        actionId: 'details:0',
        value: '{"id":"00000000-0000-4000-8000-000000000000"}',
        messageTs: answer.ts,
      });
      await harness.send(signedForm({ payload: JSON.stringify(gone) }));
      await harness.idle();

      // Assess
      const notes = harness.api.calls
        .filter((call) => call.method === 'chat.postEphemeral')
        .map((call) => call.args.markdown_text);
      expect(notes).toEqual([KEPT_ANSWER_MESSAGES.elsewhere, KEPT_ANSWER_MESSAGES.expired]);
      expect(harness.api.calls.filter((call) => call.method === 'files.getUploadURLExternal')).toEqual([]);
    });
  });

  describe('threads', () => {
    it('answers a reply without a mention in a thread CentralOps answered, continuing its conversation', async () => {
      // Prepare
      await mention('1731970010.000100');
      harness.agent.requests.length = 0;
      const reply = appMention({
        text: 'and in staging?',
        ts: '1731970010.000300',
        threadTs: '1731970010.000100',
      });

      // Act: Slack delivers a plain message event for a reply without a mention
      await harness.send(
        signedJson({
          ...reply,
          event: { ...reply.event, type: 'message', channel_type: 'channel', text: 'and in staging?' },
        }),
      );
      await harness.idle();

      // Assess
      expect(harness.agent.requests.map((request) => request.body)).toEqual([
        expect.objectContaining({
          prompt: 'and in staging?',
          conversation: expect.objectContaining({ channel: 'C0INCIDENT', thread: '1731970010.000100' }),
        }),
      ]);
    });

    it('ignores replies in other threads, replies that mention the bot (the mention answers), and channel messages', async () => {
      // Prepare
      const inOther = appMention({ text: 'anyone?', ts: '1731970011.000300', threadTs: '1731970011.000100' });
      const mentioning = appMention({ text: 'x', ts: '1731970012.000300', threadTs: '1731970010.000100' });
      const topLevel = appMention({ text: 'hello all', ts: '1731970013.000100' });
      const asMessage = (payload: ReturnType<typeof appMention>, text: string) =>
        signedJson({
          ...payload,
          event: { ...payload.event, type: 'message', channel_type: 'channel', text },
        });

      // Act
      await harness.send(asMessage(inOther, 'anyone?'));
      await harness.send(asMessage(mentioning, `<@${BOT_USER}> and in dev?`));
      await harness.send(asMessage(topLevel, 'hello all'));
      await harness.idle();

      // Assess
      expect(harness.agent.requests).toEqual([]);
    });

    it('keeps an /ops thread in the conversation of its command for a reply without a mention', async () => {
      // Prepare
      await harness.send(signedForm(slashCommand('prod ec2', { channel: 'C0OPSTHREAD' })));
      await harness.idle();
      const [root] = harness.api.messagesIn('C0OPSTHREAD');
      const commandThread = harness.agent.requests[0]!.body.conversation.thread;
      harness.agent.requests.length = 0;
      const reply = appMention({
        text: 'x',
        ts: '1731970020.000300',
        threadTs: root!.ts,
        channel: 'C0OPSTHREAD',
      });

      // Act
      await harness.send(
        signedJson({
          ...reply,
          event: { ...reply.event, type: 'message', channel_type: 'channel', text: 'and in staging?' },
        }),
      );
      await harness.idle();

      // Assess
      expect(commandThread).not.toBe(root!.ts);
      expect(harness.agent.requests[0]?.body.conversation.thread).toBe(commandThread);
      expect(harness.api.messagesIn('C0OPSTHREAD', root!.ts).length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('new channels', () => {
    it('joins a public channel it is not in, then answers there', async () => {
      // Prepare
      harness.api.notMemberOf('C0NEWPUBLIC');

      // Act
      await harness.send(signedForm(slashCommand('prod ec2', { channel: 'C0NEWPUBLIC' })));
      await harness.idle();

      // Assess
      expect(
        harness.api.calls.filter((call) => call.method === 'conversations.join').map((c) => c.args.channel),
      ).toEqual(['C0NEWPUBLIC']);
      const [root] = harness.api.messagesIn('C0NEWPUBLIC');
      expect(harness.api.messagesIn('C0NEWPUBLIC', root?.ts)).toHaveLength(1);
    });

    it('tells the asker privately how to invite it to a private channel it cannot join', async () => {
      // Prepare
      harness.api.notMemberOf('G0NEWPRIVATE', { private: true });
      const responseUrl = harness.api.responseUrl('U0ALICE-private-channel');

      // Act
      await harness.send(signedForm(slashCommand('prod ec2', { channel: 'G0NEWPRIVATE', responseUrl })));
      await harness.idle();

      // Assess
      expect(harness.api.messagesIn('G0NEWPRIVATE')).toEqual([]);
      const [note] = harness.api.responses.filter((response) => response.id === 'U0ALICE-private-channel');
      expect(note?.body).toMatchObject({
        response_type: 'ephemeral',
        text: BOT_MESSAGES.notInPrivateChannel,
      });
    });
  });
});
