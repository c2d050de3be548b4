import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { DispatchError } from '#bot/src/core/errors.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createSlackAckHandler } from '#bot/src/slack/ack-handler.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { type SlackHarness, silentLogger, startSlackHarness } from '#local/stack/slack-harness.ts';
import { s3Answer } from '#local/stand-ins/agent.ts';
import {
  appMention,
  SIGNING_SECRET,
  signedEvent,
  signedForm,
  signedJson,
  slashCommand,
  TEAM,
} from '#local/stand-ins/slack-requests.ts';

describe('Slack ack handler', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ script: s3Answer });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.api.calls.length = 0;
    harness.dispatched.length = 0;
  });

  it('answers url_verification with the challenge', async () => {
    // Prepare
    const request = signedJson({
      token: 'x',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });

    // Act
    const response = await harness.send(request);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('answers ssl_check with 200 and does nothing else', async () => {
    // Act
    const response = await harness.send(signedForm({ ssl_check: '1', token: 'x' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(harness.dispatched).toEqual([]);
  });

  it('refuses with 401 and does nothing when the signature is wrong', async () => {
    // Prepare
    const request = signedJson(appMention({ text: 'list s3' }), {
      secret: 'not-the-signing-secret-000000000',
    });

    // Act
    const response = await harness.send(request);
    await harness.idle();

    // Assess
    expect(response.statusCode).toBe(401);
    expect(harness.dispatched).toEqual([]);
    expect(harness.api.calls).toEqual([]);
  });

  it('refuses with 401 when the body was changed after signing', async () => {
    // Prepare
    const signed = signedJson(appMention({ text: 'list s3' }));
    const tampered = { ...signed, body: signed.body?.replace('list s3', 'list iam') };

    // Act
    const response = await harness.send(tampered);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(harness.dispatched).toEqual([]);
  });

  it('refuses with 401 and does nothing when the timestamp is older than 5 minutes', async () => {
    // Prepare
    const request = signedJson(appMention({ text: 'list s3' }), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });

    // Act
    const response = await harness.send(request);
    await harness.idle();

    // Assess
    expect(response.statusCode).toBe(401);
    expect(harness.dispatched).toEqual([]);
    expect(harness.api.calls).toEqual([]);
  });

  it('acknowledges a retried event with 200 and replies only once', async () => {
    // Prepare
    const payload = appMention({ text: 'list s3 in prod', ts: '1731900001.000100' });

    // Act
    const first = await harness.send(signedJson(payload));
    const retry = await harness.send(
      signedJson(payload, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } }),
    );
    const replay = await harness.send(signedJson(payload));
    await harness.idle();

    // Assess
    expect([first.statusCode, retry.statusCode, replay.statusCode]).toEqual([200, 200, 200]);
    expect(harness.dispatched).toHaveLength(1);
    expect(harness.api.calls.filter((call) => call.method === 'chat.startStream')).toHaveLength(1);
    expect(harness.api.messagesIn('C0INCIDENT', '1731900001.000100')).toHaveLength(1);
  });

  it('ignores events from a workspace that is not allowed', async () => {
    // Prepare
    const request = signedJson(appMention({ text: 'list s3', team: 'T0STRANGER' }));

    // Act
    const response = await harness.send(request);
    await harness.idle();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(harness.dispatched).toEqual([]);
    expect(harness.api.calls).toEqual([]);
  });

  it('refuses a slash command from a workspace that is not allowed, privately', async () => {
    // Act
    const response = await harness.send(signedForm(slashCommand('prod s3', { team: 'T0STRANGER' })));
    await harness.idle();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      response_type: 'ephemeral',
      text: BOT_MESSAGES.workspaceRefused,
    });
    expect(harness.dispatched).toEqual([]);
  });

  it('acknowledges a slash command at once with an empty 200', async () => {
    // Act
    const response = await harness.send(signedForm(slashCommand('prod s3')));
    await harness.idle();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(harness.dispatched).toHaveLength(1);
  });

  it('rejects a request with no signature headers', async () => {
    // Prepare
    const request = signedEvent(JSON.stringify(appMention({ text: 'x' })), 'application/json');
    const headers = { ...request.headers };
    delete headers['x-slack-signature'];

    // Act
    const response = await harness.send({ ...request, headers });

    // Assess
    expect(response.statusCode).toBe(401);
  });

  it('tells the asker privately when the command cannot be handed to the worker', async () => {
    // Prepare
    const handler = createSlackAckHandler({
      signingSecret: SIGNING_SECRET,
      allowList: new WorkspaceAllowList([`slack:${TEAM}`]),
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: harness.db.client }),
      dispatcher: {
        dispatch: async () => {
          throw new DispatchError('Lambda throttled');
        },
      },
      logger: silentLogger,
    });

    // Act
    const response = await handler(signedForm(slashCommand('prod s3')), {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      response_type: 'ephemeral',
      text: BOT_MESSAGES.dispatchFailed,
    });
  });

  it('answers 500 when the hand-off fails and runs Slack’s retry of that event', async () => {
    // Prepare
    let failures = 1;
    const dispatched: unknown[] = [];
    const handler = createSlackAckHandler({
      signingSecret: SIGNING_SECRET,
      allowList: new WorkspaceAllowList([`slack:${TEAM}`]),
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: harness.db.client }),
      dispatcher: {
        dispatch: async (work) => {
          if (failures-- > 0) throw new DispatchError('Lambda throttled');
          dispatched.push(work);
        },
      },
      logger: silentLogger,
    });
    const payload = appMention({ text: 'list s3' });

    // Act
    const first = await handler(signedJson(payload), {});
    const retry = await handler(signedJson(payload, { headers: { 'X-Slack-Retry-Num': '1' } }), {});

    // Assess
    expect(first.statusCode).toBe(500);
    expect(retry.statusCode).toBe(200);
    expect(dispatched).toHaveLength(1);
  });
});
