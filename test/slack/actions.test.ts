/**
 * Button taps (`block_actions`) through the public Slack ack handler: Slack's documented payload,
 * form-encoded and signed, acked before any work, run by the worker as the tapper (their own link,
 * their groups, the channel's policy read again), the button's value held to its action's schema.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { CHAT_ACTIONS } from '#bot/src/actions/index.ts';
import { refresh } from '#bot/src/actions/refresh.ts';
import { type ActionTurn, actionRegistry, defineAction } from '#bot/src/core/chat-action.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import type { AccessPort } from '#bot/src/core/ports.ts';
import { actionsBlock } from '#bot/src/slack/buttons.ts';
import { ANSWER_EVENT_TYPE } from '#bot/src/slack/reply-stream.ts';
import {
  finishedAnswer,
  harnessAccess,
  LINK_URL,
  type SlackHarness,
  startSlackHarness,
} from '#local/stack/slack-harness.ts';
import { s3Answer } from '#local/stand-ins/agent.ts';
import { appMention, blockActions, signedForm, signedJson, TEAM } from '#local/stand-ins/slack-requests.ts';

/** What the probe action saw of the tapper, tap by tap. */
const probed: { user: ActionTurn['user']; groups: readonly string[]; authorized: unknown }[] = [];

/** A test-only action that reports what the pipeline established about the tapper. */
const probe = defineAction({
  name: 'probe',
  schema: z.object({ accounts: z.array(z.string().check(z.maxLength(12))).check(z.maxLength(5)) }),
  async run({ accounts }, turn) {
    const { allowed, refused } = await turn.access.authorize(accounts);
    probed.push({
      user: turn.user,
      groups: turn.access.groups,
      authorized: { allowed: allowed.map((account) => account.id), refused: refused.map((r) => r.accountId) },
    });
    await turn.replies.notifier.notify('probed');
  },
});

describe('Slack button taps (block_actions)', () => {
  let harness: SlackHarness;
  const disabled = new Set<string>();
  const access: AccessPort = {
    read: (sub, scope) => (disabled.has(sub) ? Promise.resolve(undefined) : harnessAccess.read(sub, scope)),
  };

  beforeAll(async () => {
    harness = await startSlackHarness({
      script: s3Answer,
      access,
      actions: actionRegistry([...CHAT_ACTIONS.values(), probe]),
    });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.agent.script(s3Answer);
    harness.agent.requests.length = 0;
    harness.api.calls.length = 0;
    probed.length = 0;
    disabled.clear();
  });

  /** Asks in a new thread and returns the answer message's ts once it is finished. */
  async function answered(threadTs: string): Promise<string> {
    await harness.send(signedJson(appMention({ text: 'list s3 buckets in prod', ts: threadTs })));
    const answer = await finishedAnswer(harness.api, 'C0INCIDENT', threadTs);
    await harness.idle();
    harness.agent.requests.length = 0;
    harness.api.calls.length = 0;
    return answer.ts;
  }

  function tap(options: Parameters<typeof blockActions>[0]) {
    return harness.send(signedForm({ payload: JSON.stringify(blockActions(options)) }));
  }

  const refreshValue = JSON.parse(refresh.button('Refresh', { q: 'prod s3', ops: true }).value) as object;

  it('acks a tap at once and leaves the work to the worker', async () => {
    // Prepare: an answer, and an agent that holds its turn until released
    const messageTs = await answered('1731900300.000100');
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness.agent.script(async function* () {
      await released;
      yield* s3Answer();
    });

    // Act
    const ack = await tap({
      actionId: 'refresh:0',
      value: JSON.stringify(refreshValue),
      messageTs,
      threadTs: '1731900300.000100',
    });

    // Assess: the ack is back while the agent has not answered yet
    expect(ack).toMatchObject({ statusCode: 200, body: '' });
    expect(harness.api.calls.filter((call) => call.method === 'chat.update')).toEqual([]);
    release();
    await harness.idle();
    expect(harness.agent.requests).toHaveLength(1);
  });

  it('re-asks as the tapper and replaces the tapped answer in place', async () => {
    // Prepare
    const messageTs = await answered('1731900301.000100');

    // Act: carol taps Refresh on alice's answer
    await tap({
      actionId: 'refresh:0',
      value: JSON.stringify(refreshValue),
      messageTs,
      threadTs: '1731900301.000100',
      user: 'U0CAROL',
    });
    await harness.idle();

    // Assess
    const [request] = harness.agent.requests;
    expect(request?.headers['x-amzn-bedrock-agentcore-runtime-user-id']).toBe('sub-carol');
    expect(request?.body).toMatchObject({
      command: { name: 'ops', text: 'prod s3' },
      conversation: {
        platform: 'slack',
        workspace: TEAM,
        channel: 'C0INCIDENT',
        thread: '1731900301.000100',
      },
    });
    const updates = harness.api.calls.filter((call) => call.method === 'chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((call) => call.args.ts === messageTs)).toBe(true);
    expect(harness.api.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
    const thread = harness.api.messagesIn('C0INCIDENT', '1731900301.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]?.metadata).toEqual({ event_type: ANSWER_EVENT_TYPE, event_payload: { state: 'final' } });
  });

  it('takes the channel and the tapper from the signed envelope, never from the button value', async () => {
    // Prepare: a value that names another channel and user (fields the schema does not know)
    const messageTs = await answered('1731900302.000100');
    const forged = { ...refreshValue, channel: 'C0OTHER', user: 'U0ALICE', sub: 'sub-alice' };

    // Act
    await tap({
      actionId: 'refresh:0',
      value: JSON.stringify(forged),
      messageTs,
      threadTs: '1731900302.000100',
      user: 'U0CAROL',
    });
    await harness.idle();

    // Assess
    const [request] = harness.agent.requests;
    expect(request?.headers['x-amzn-bedrock-agentcore-runtime-user-id']).toBe('sub-carol');
    expect(request?.body.conversation.channel).toBe('C0INCIDENT');
  });

  it('sends an unlinked tapper a private link prompt and runs nothing', async () => {
    // Act
    await tap({
      actionId: 'refresh:0',
      value: JSON.stringify(refreshValue),
      messageTs: '1731900303.000200',
      threadTs: '1731900303.000100',
      user: 'U0BOB',
    });
    await harness.idle();

    // Assess
    expect(harness.agent.requests).toEqual([]);
    const [note] = harness.api.calls.filter((call) => call.method === 'chat.postEphemeral');
    expect(note?.args).toMatchObject({ user: 'U0BOB', channel: 'C0INCIDENT' });
    expect(String(note?.args.markdown_text)).toContain(LINK_URL);
  });

  it('refuses a tapper whose Cognito user is disabled, before the action runs', async () => {
    // Prepare
    disabled.add('sub-carol');

    // Act
    await tap({
      actionId: 'probe:0',
      value: '{"accounts":[]}',
      messageTs: '1731900304.000200',
      user: 'U0CAROL',
    });
    await harness.idle();

    // Assess
    expect(probed).toEqual([]);
    const [note] = harness.api.calls.filter((call) => call.method === 'chat.postEphemeral');
    expect(note?.args.markdown_text).toBe(BOT_MESSAGES.actionUserDisabled);
  });

  it("hands the action the tapper's own groups and the rule over the channel's policy", async () => {
    // Act: carol (ops-dev-readers) and alice (ops-prod-readers) tap the same button
    const value = JSON.stringify({ accounts: ['111111111111', '333333333333', '999999999999'] });
    await tap({ actionId: 'probe:0', value, messageTs: '1731900305.000200', user: 'U0CAROL' });
    await tap({ actionId: 'probe:1', value, messageTs: '1731900305.000200', user: 'U0ALICE' });
    await harness.idle();

    // Assess
    expect(probed).toEqual([
      {
        user: { cognitoUsername: 'carol', cognitoSub: 'sub-carol' },
        groups: ['ops-dev-readers'],
        authorized: { allowed: ['333333333333'], refused: ['999999999999', '111111111111'] },
      },
      {
        user: { cognitoUsername: 'alice', cognitoSub: 'sub-alice' },
        groups: ['ops-prod-readers'],
        authorized: { allowed: ['111111111111'], refused: ['999999999999', '333333333333'] },
      },
    ]);
  });

  it.each([
    ['not JSON', 'prod s3'],
    ['the wrong shape', '{"q":42}'],
    ['an empty question', '{"q":""}'],
    ['a question over its bound', JSON.stringify({ q: 'x'.repeat(1_501) })],
  ])('refuses a value that is %s with a private note, asking nothing', async (_, value) => {
    // Act
    const ack = await tap({ actionId: 'refresh:0', value, messageTs: '1731900306.000200' });
    await harness.idle();

    // Assess
    expect(ack.statusCode).toBe(200);
    expect(harness.agent.requests).toEqual([]);
    const notes = harness.api.calls.filter((call) => call.method === 'chat.postEphemeral');
    expect(notes.map((call) => call.args.markdown_text)).toEqual([BOT_MESSAGES.actionMalformed]);
  });

  it('tells the tapper when the button names no action of ours', async () => {
    // Act
    await tap({ actionId: 'escalate:0', value: '{}', messageTs: '1731900307.000200' });
    await harness.idle();

    // Assess
    expect(harness.agent.requests).toEqual([]);
    const notes = harness.api.calls.filter((call) => call.method === 'chat.postEphemeral');
    expect(notes.map((call) => call.args.markdown_text)).toEqual([BOT_MESSAGES.actionUnknown]);
  });

  it.each([
    ['a value over Slack’s 2,000 characters', { value: 'x'.repeat(2_001) }],
    ['an action id that is not ours', { actionId: 'Refresh Now' }],
    ['two actions in one tap', { twice: true }],
    ['no container message', { container: { type: 'view', view_id: 'V0' } }],
  ])('answers 400 to a signed tap with %s, dispatching nothing', async (_, change) => {
    // Prepare
    const payload: Record<string, unknown> = blockActions({
      actionId: (change as { actionId?: string }).actionId ?? 'refresh:0',
      value: (change as { value?: string }).value ?? '{"q":"prod s3"}',
      messageTs: '1731900308.000200',
    });
    if ('twice' in change)
      payload.actions = [...(payload.actions as unknown[]), ...(payload.actions as unknown[])];
    if ('container' in change) payload.container = change.container;
    const dispatchedBefore = harness.dispatched.length;

    // Act
    const ack = await harness.send(signedForm({ payload: JSON.stringify(payload) }));
    await harness.idle();

    // Assess
    expect(ack.statusCode).toBe(400);
    expect(harness.dispatched.length).toBe(dispatchedBefore);
  });

  it('refuses an unsigned or wrongly signed tap with 401', async () => {
    // Prepare
    const body = {
      payload: JSON.stringify(
        blockActions({ actionId: 'refresh:0', value: '{"q":"prod s3"}', messageTs: '1731900309.000200' }),
      ),
    };

    // Act
    const unsigned = await harness.send(signedForm(body, { signature: 'v0=00' }));
    const otherSecret = await harness.send(signedForm(body, { secret: 'not-the-signing-secret-000000000' }));

    // Assess
    expect([unsigned.statusCode, otherSecret.statusCode]).toEqual([401, 401]);
    expect(harness.agent.requests).toEqual([]);
  });

  it('drops a tap from a workspace that is not allowed', async () => {
    // Prepare
    const dispatchedBefore = harness.dispatched.length;

    // Act
    const ack = await tap({
      actionId: 'refresh:0',
      value: '{"q":"prod s3"}',
      messageTs: '1731900310.000200',
      userTeam: 'T0STRANGER',
    });
    await harness.idle();

    // Assess
    expect(ack.statusCode).toBe(200);
    expect(harness.dispatched.length).toBe(dispatchedBefore);
    expect(harness.agent.requests).toEqual([]);
  });

  it('runs a tap delivered twice only once', async () => {
    // Prepare
    const messageTs = await answered('1731900311.000100');
    const event = signedForm({
      payload: JSON.stringify(
        blockActions({
          actionId: 'refresh:0',
          value: '{"q":"prod s3","ops":true}',
          messageTs,
          threadTs: '1731900311.000100',
        }),
      ),
    });

    // Act
    await harness.send(event);
    await harness.send(event);
    await harness.idle();

    // Assess
    expect(harness.agent.requests).toHaveLength(1);
  });

  it('replaces a tapped private answer through its response_url', async () => {
    // Prepare
    const responseUrl = harness.api.responseUrl('U0ALICE-private');

    // Act
    await tap({
      actionId: 'refresh:0',
      value: '{"q":"prod s3 private","ops":true}',
      messageTs: '1731900312.000200',
      ephemeral: true,
      responseUrl,
    });
    await harness.idle();

    // Assess
    const [replaced] = harness.api.responses.filter((response) => response.id === 'U0ALICE-private');
    expect(replaced?.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(String(replaced?.body.text)).toContain('us-west-2 · 2 buckets');
    expect(harness.api.calls.filter((call) => call.method === 'chat.update')).toEqual([]);
  });

  it('renders a button Slack accepts and the ack path reads back', () => {
    // Act
    const block = actionsBlock([refresh.button('Refresh', { q: 'prod s3', ops: true })]);

    // Assess
    expect(block).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'refresh:0',
          text: { type: 'plain_text', text: 'Refresh', emoji: true },
          value: '{"q":"prod s3","ops":true}',
        },
      ],
    });
  });
});
