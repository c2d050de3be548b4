/**
 * The Slack edge as an attacker meets it (issue 14, attacks 3, 5 and 6): through the public ack
 * handler with Slack's documented envelopes, every unsigned, stale, future or malformed request
 * gets a 4xx (never an exception, which Lambda turns into a 502 that pages on-call); a user of
 * another organization in a Slack Connect channel is not served as ours; bots ask nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import { type SlackHarness, startSlackHarness } from '#local/stack/slack-harness.ts';
import { s3Answer } from '#local/stand-ins/agent.ts';
import {
  appMention,
  BOT_USER,
  botMention,
  type LambdaUrlEvent,
  SIGNING_SECRET,
  signedEvent,
  signedForm,
  signedJson,
  slackSignature,
  slashCommand,
  TEAM,
} from '#local/stand-ins/slack-requests.ts';

const PARTNER = 'T0PARTNER';
const OUTSIDER = 'T0OUTSIDER';
const now = () => Math.floor(Date.now() / 1000);

/** A request as anyone on the internet can send it to the Function URL: no signature. */
function unsigned(body: string, contentType: string): LambdaUrlEvent {
  const event = signedEvent(body, contentType);
  const headers = { ...event.headers };
  delete headers['x-slack-signature'];
  delete headers['x-slack-request-timestamp'];
  return { ...event, headers };
}

describe('Slack edge: hostile requests', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ script: s3Answer, extraTeams: [PARTNER] });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(() => {
    harness.dispatched.length = 0;
    harness.agent.requests.length = 0;
  });

  describe('junk never pages (attack 5)', () => {
    it.each([
      ['a JSON body that does not parse', '{"type":"event_callback",', 'application/json'],
      ['a form whose payload is not JSON', 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
      ['an empty body', '', 'application/json'],
      ['binary noise', '\u0000\u00ff\u0013garbage', 'application/octet-stream'],
    ])('refuses with 401, without throwing, an unsigned request carrying %s', async (_, body, type) => {
      // Act
      const response = await harness.send(unsigned(body, type));

      // Assess
      expect(response.statusCode).toBe(401);
      expect(harness.dispatched).toEqual([]);
    });

    it.each([
      ['a JSON body that does not parse', '{"type":"event_callback",', 'application/json'],
      ['a form whose payload is not JSON', 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
      ['JSON null', 'null', 'application/json'],
      ['a JSON array', '[]', 'application/json'],
      [
        'an event envelope without its event',
        '{"type":"event_callback","team_id":"T0CENTRAL","event_id":"Ev1"}',
        'application/json',
      ],
      [
        'a slash command with a repeated field',
        'command=%2Fops&command=%2Fops&team_id=T0CENTRAL',
        'application/x-www-form-urlencoded',
      ],
      ['a body of an unknown content type', '{"type":"url_verification","challenge":"x"}', 'text/plain'],
    ])('refuses with 400, without throwing, a signed request carrying %s', async (_, body, type) => {
      // Act
      const response = await harness.send(signedEvent(body, type));

      // Assess
      expect(response.statusCode).toBe(400);
      expect(harness.dispatched).toEqual([]);
    });

    it('refuses with 400 an app_mention whose fields have the wrong shape (ts as a number, a user id with markup)', async () => {
      // Prepare
      const payload = appMention({ text: 'list s3' });
      const shapes = [
        { ...payload, event: { ...payload.event, ts: 1731900000.1 } },
        { ...payload, event: { ...payload.event, user: '<@U0ADMIN>' } },
      ];

      // Act
      const responses = await Promise.all(shapes.map((shape) => harness.send(signedJson(shape))));
      await harness.idle();

      // Assess
      expect(responses.map((response) => response.statusCode)).toEqual([400, 400]);
      expect(harness.dispatched).toEqual([]);
    });

    it.each([
      ['24 hours', 24 * 60 * 60],
      ['6 minutes', 6 * 60],
    ])('refuses with 401 a correctly signed request dated %s in the future', async (_, ahead) => {
      // Prepare
      const request = signedJson(appMention({ text: 'list s3' }), { timestamp: now() + ahead });

      // Act
      const response = await harness.send(request);

      // Assess
      expect(response.statusCode).toBe(401);
      expect(harness.dispatched).toEqual([]);
    });

    it('refuses with 401 a timestamp that is not a number', async () => {
      // Prepare
      const request = signedJson(appMention({ text: 'list s3' }));
      const body = request.body ?? '';
      const headers = {
        ...request.headers,
        'x-slack-request-timestamp': 'soon',
        'x-slack-signature': slackSignature(SIGNING_SECRET, Number.NaN, body),
      };

      // Act
      const response = await harness.send({ ...request, headers });

      // Assess
      expect(response.statusCode).toBe(401);
    });

    it('accepts a request signed up to 5 minutes ahead (clock skew) and a base64-encoded body', async () => {
      // Prepare
      const skewed = signedJson(appMention({ text: 'list s3' }), { timestamp: now() + 4 * 60 });
      const encoded = signedJson(appMention({ text: 'list s3' }));
      const base64 = {
        ...encoded,
        body: Buffer.from(encoded.body ?? '').toString('base64'),
        isBase64Encoded: true,
      };

      // Act
      const responses = [await harness.send(skewed), await harness.send(base64)];
      await harness.idle();

      // Assess
      expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
      expect(harness.dispatched).toHaveLength(2);
    });
  });

  describe('Slack Connect: the asker’s own organization decides (attack 3)', () => {
    it('ignores a mention by a user of another organization in a shared channel of our workspace', async () => {
      // Prepare: the envelope is ours (our installation), the author is not
      const payload = appMention({ text: 'list s3 in prod', sharedChannel: { userTeam: OUTSIDER } });

      // Act
      const response = await harness.send(signedJson(payload));
      await harness.idle();

      // Assess
      expect(response.statusCode).toBe(200);
      expect(harness.dispatched).toEqual([]);
      expect(harness.agent.requests).toEqual([]);
    });

    it('ignores a shared-channel mention that does not name the author’s team', async () => {
      // Prepare
      const payload = appMention({ text: 'list s3 in prod', sharedChannel: {} });

      // Act
      await harness.send(signedJson(payload));
      await harness.idle();

      // Assess
      expect(harness.dispatched).toEqual([]);
    });

    it('refuses privately a slash command by a user of another organization', async () => {
      // Act
      const response = await harness.send(signedForm(slashCommand('prod s3', { userTeam: OUTSIDER })));
      await harness.idle();

      // Assess
      expect(JSON.parse(response.body)).toEqual({
        response_type: 'ephemeral',
        text: BOT_MESSAGES.workspaceRefused,
      });
      expect(harness.dispatched).toEqual([]);
    });

    it('keys an allowed partner’s user under their own team, and the channel under ours', async () => {
      // Prepare
      const payload = appMention({
        text: 'list s3 in prod',
        user: 'U0ALICE',
        sharedChannel: { userTeam: PARTNER },
      });

      // Act
      await harness.send(signedJson(payload));
      await harness.idle();

      // Assess
      const [work] = harness.dispatched;
      expect(work).toMatchObject({
        kind: 'question',
        event: { workspaceId: PARTNER, conversationWorkspaceId: TEAM, userId: 'U0ALICE' },
      });
      expect(harness.agent.requests.at(-1)?.body.conversation).toMatchObject({
        workspace: TEAM,
        channel: 'C0INCIDENT',
      });
    });
  });

  describe('one agent session per thread and user (attack 4)', () => {
    it('gives a second user of a thread a runtime session of their own, invoked as themselves', async () => {
      // Prepare
      const thread = '1731900500.000100';

      // Act: Alice starts the thread, Carol asks inside it, Alice follows up
      for (const user of ['U0ALICE', 'U0CAROL', 'U0ALICE']) {
        await harness.send(signedJson(appMention({ text: 'list s3 in prod', user, threadTs: thread })));
        await harness.idle();
      }

      // Assess
      const calls = harness.agent.requests.map(({ headers }) => ({
        user: headers['x-amzn-bedrock-agentcore-runtime-user-id'],
        session: headers['x-amzn-bedrock-agentcore-runtime-session-id'],
      }));
      expect(calls.map((call) => call.user)).toEqual(['sub-alice', 'sub-carol', 'sub-alice']);
      expect(calls[1]?.session).not.toBe(calls[0]?.session);
      expect(calls[2]?.session).toBe(calls[0]?.session);
    });
  });

  describe('bots ask nothing (attack 6)', () => {
    it.each([
      ['this app’s own bot user', botMention({ text: 'list s3', bot: 'self' })],
      [
        'this app’s own bot user, even without bot fields',
        botMention({ text: 'list s3', bot: 'self', withBotFields: false }),
      ],
      ['another app’s bot', botMention({ text: 'list s3', bot: 'other' })],
    ])('ignores an app_mention authored by %s', async (_, payload) => {
      // Act
      const response = await harness.send(signedJson(payload));
      await harness.idle();

      // Assess
      expect(response.statusCode).toBe(200);
      expect(harness.dispatched).toEqual([]);
      expect(harness.api.calls.filter((call) => call.args.user === BOT_USER)).toEqual([]);
    });
  });
});
