/**
 * Link takeover (issue 14, attacks 1 and 8) through the public entry points: a chat user asks for a
 * link in Slack (the worker, users.info at the Web API stand-in) or Teams (handler + worker, the
 * roster at the connector stand-in), the link is opened and signed in at cognito-local's Hosted UI,
 * and the callback is driven as a browser drives it (redirect GET, then the confirmation form's POST
 * with its cookie).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import { createIdentityService } from '#bot/src/identity/index.ts';
import { createLinkCallback, type LinkHandler, toLambdaHandler } from '#bot/src/link/handler.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import { createSlackWorker } from '#bot/src/slack/worker-runner.ts';
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import { identityKey } from '#contracts/registry.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalCognito, startLocalCognito } from '#local/components/cognito.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';
import { signInThroughHostedUi } from '../support/hosted-ui.ts';
import {
  type ALICE,
  channelMention,
  createTeamsBot,
  MemoryDedupe,
  type ScriptedAgent,
  startScriptedAgent,
  TENANT,
} from '../teams/harness.ts';
import { callbackEvent, completeLink, confirmationForm, confirmEvent, pageText } from './link-browser.ts';

const CALLBACK_URL = 'https://link.centralops.test/callback';
const SECRET = 'test-link-state-secret-0123456789abcdef';
const TEAM = 'T0CENTRAL';
const silent = new Logger({ logLevel: 'SILENT' });

describe('Link takeover: nobody is linked as someone they are not', () => {
  let dynamo: LocalDynamoDB;
  let cognito: LocalCognito;
  let slack: SlackWebApi;
  let connector: BotConnector;
  let agent: ScriptedAgent;
  let env: Record<string, string>;
  let nextId = 1_732_354_600_000;

  const identityService = () =>
    createIdentityService({ documentClient: dynamo.documentClient, cognitoClient: cognito.client, env });
  /** The callback as deployed for Slack: confirmations through the Web API stand-in. */
  const callback = (): LinkHandler =>
    toLambdaHandler(() =>
      createLinkCallback({
        env: { ...env, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.url },
        documentClient: dynamo.documentClient,
        cognitoClient: cognito.client,
        logger: silent,
      }),
    );
  const mappingOf = async (userId: string, platform: ChatPlatformId = 'slack', workspaceId = TEAM) =>
    (
      await dynamo.documentClient.send(
        new GetCommand({
          TableName: tableName('identities'),
          Key: { key: identityKey(platform, workspaceId, userId) },
        }),
      )
    ).Item;

  /** `user` types `@centralops link` in Slack; the Slack worker answers with an ephemeral link prompt. */
  async function slackLink(user: string): Promise<string> {
    const worker = createSlackWorker({
      pipeline: createPipeline({
        identity: identityService(),
        agent: new AgentRuntimeClient({ agentRuntimeUrl: agent.url }),
        logger: silent,
      }),
      client: createSlackWebClient({ token: slack.token, apiUrl: slack.url }),
      logger: silent,
    });
    const ts = `1731900000.${String(nextId++).slice(-6)}`;
    await worker({
      kind: 'question',
      event: {
        platform: 'slack',
        eventId: `Ev${nextId}`,
        workspaceId: TEAM,
        userId: user,
        channelId: 'C0INCIDENT',
        threadId: ts,
        surface: 'mention',
        text: 'link',
        private: false,
        platformContext: { channelType: 'channel' },
      },
    });
    const prompt = slack.messagesIn('C0INCIDENT', ts).find((message) => message.ephemeralTo === user);
    return /\[Link your account\]\(([^)]+)\)/.exec(prompt?.text ?? '')?.[1] ?? '';
  }

  /** A Teams user of TENANT, listed in the roster with `mail` as both mail and user principal name. */
  function teamsUser(name: string, mail: string): typeof ALICE {
    const user = {
      id: `29:1${name}-teams-id`,
      name: `${name} Example`,
      aadObjectId: `${name}-aad-object-id`,
    };
    connector.addMember(user, mail, TENANT);
    return user;
  }

  /** `from` asks in a Teams channel; the link prompt arrives in their 1:1 chat. */
  async function teamsLink(from: typeof ALICE): Promise<string> {
    const bot = createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      intervalMs: 100,
      identity: identityService(),
    });
    await bot.post(channelMention({ serviceUrl: connector.serviceUrl, id: String(nextId++), from }));
    const personal = connector.conversations.at(-1)!;
    return (
      /\[Link your account\]\(([^)]+)\)/.exec(
        String(connector.accepted(personal.id).at(-1)?.activity.text),
      )?.[1] ?? ''
    );
  }

  beforeAll(async () => {
    [dynamo, cognito, slack, connector, agent] = await Promise.all([
      startLocalDynamoDB(),
      startLocalCognito({
        users: [
          { username: 'victor', email: 'victor@example.com', groups: ['ops-all-readers'] },
          { username: 'quinn', email: 'Quinn@Example.com', groups: ['ops-dev-readers'] },
          { username: 'walter', groups: ['ops-dev-readers'] },
        ],
        callbackUrls: [CALLBACK_URL],
      }),
      startSlackWebApi({ teamId: TEAM }),
      startBotConnector(),
      startScriptedAgent(undefined, 20),
    ]);
    env = {
      ...cognito.env,
      ALLOWED_WORKSPACES: `slack:${TEAM}, teams:${TENANT}`,
      LINK_CALLBACK_URL: CALLBACK_URL,
      LINK_STATE_SECRET: SECRET,
    };
    slack.addUser({ id: 'U0MALLORY', realName: 'Mallory Example', email: 'mallory@example.com' });
    slack.addUser({ id: 'U0VICTOR', realName: 'Victor Example', email: 'victor@example.com' });
    slack.addUser({ id: 'U0NORA', realName: 'Nora Nomail' });
    slack.addUser({ id: 'U0OLIVER', realName: 'Oliver Nomail' });
    slack.addUser({ id: 'U0PAT', realName: 'Pat Nomail' });
    slack.addUser({ id: 'U0RETRY', realName: 'Rita Retry' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([dynamo?.stop(), cognito?.stop(), slack?.stop(), connector?.stop(), agent?.stop()]);
  });

  describe('a forwarded link (attack 1)', () => {
    it('refuses a link whose Slack account’s email is not the email of the person who signed in', async () => {
      // Prepare: Mallory forwards her link as a "verify your access" lure; Victor opens it and signs in
      const linkUrl = await slackLink('U0MALLORY');
      const redirect = await signInThroughHostedUi(linkUrl, { username: 'victor' });

      // Act
      const page = await callback()(callbackEvent(redirect.query));

      // Assess
      expect(page.statusCode).toBe(403);
      expect(pageText(page)).toContain('This chat account is not yours');
      expect(confirmationForm(page)).toBeUndefined();
      expect(await mappingOf('U0MALLORY')).toBeUndefined();
    });

    it('refuses a link whose Teams account’s Entra mail is not the email of the person who signed in', async () => {
      // Prepare
      const mallory = teamsUser('mallory', 'mallory@example.com');
      const redirect = await signInThroughHostedUi(await teamsLink(mallory), { username: 'victor' });

      // Act
      const page = await callback()(callbackEvent(redirect.query));

      // Assess
      expect(page.statusCode).toBe(403);
      expect(pageText(page)).toContain('This chat account is not yours');
      expect(await mappingOf(mallory.aadObjectId, 'teams', TENANT)).toBeUndefined();
    });

    it('links a Teams account whose Entra mail is the Cognito email, case aside', async () => {
      // Prepare
      const quinn = teamsUser('quinn', 'quinn@example.com');
      const redirect = await signInThroughHostedUi(await teamsLink(quinn), { username: 'quinn' });

      // Act
      const response = await completeLink(callback(), redirect.query);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(await mappingOf(quinn.aadObjectId, 'teams', TENANT)).toMatchObject({ cognitoUsername: 'quinn' });
    });

    it('names the platform, workspace and chat user to the person who signed in, and links nothing before they confirm', async () => {
      // Prepare: no email to compare (Nora's profile has none): the page is the defence
      const redirect = await signInThroughHostedUi(await slackLink('U0NORA'), { username: 'victor' });

      // Act
      const page = await callback()(callbackEvent(redirect.query));

      // Assess
      expect(page.statusCode).toBe(200);
      const text = pageText(page);
      expect(text).toContain('You signed in as victor');
      expect(text).toContain('Platform Slack');
      expect(text).toContain('Workspace Central Ops Inc (T0CENTRAL)');
      expect(text).toContain('Chat user Nora Nomail (U0NORA)');
      expect(confirmationForm(page)).toMatchObject({ action: CALLBACK_URL });
      expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY' });
      expect(String(page.headers?.['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(await mappingOf('U0NORA')).toBeUndefined();
    });

    it('voids the link when the person who signed in answers that the chat account is not theirs', async () => {
      // Prepare
      const redirect = await signInThroughHostedUi(await slackLink('U0OLIVER'), { username: 'victor' });
      const page = await callback()(callbackEvent(redirect.query));
      const form = confirmationForm(page)!;

      // Act
      const cancelled = await callback()(confirmEvent({ ...form.fields, decision: 'cancel' }, form.cookies));
      const confirmedAfter = await callback()(
        confirmEvent({ ...form.fields, decision: 'link' }, form.cookies),
      );

      // Assess
      expect(cancelled.statusCode).toBe(200);
      expect(pageText(cancelled)).toContain('Nothing was linked');
      expect(confirmedAfter.statusCode).toBe(400);
      expect(await mappingOf('U0OLIVER')).toBeUndefined();
    });

    it('refuses a confirmation without the page’s token, without its cookie, or with another link’s token, and keeps the link for the real one', async () => {
      // Prepare: Pat's link, signed in by Walter (no email on either side); another pending link for its token
      const redirect = await signInThroughHostedUi(await slackLink('U0PAT'), { username: 'walter' });
      const page = await callback()(callbackEvent(redirect.query));
      const form = confirmationForm(page)!;
      const other = confirmationForm(
        await callback()(
          callbackEvent(
            (await signInThroughHostedUi(await slackLink('U0NORA'), { username: 'walter' })).query,
          ),
        ),
      )!;

      // Act: a cross-site form (state only), a replayed form without the cookie, a token of another link
      const forged = [
        await callback()(confirmEvent({ state: form.fields.state!, decision: 'link' })),
        await callback()(confirmEvent({ ...form.fields, decision: 'link' })),
        await callback()(
          confirmEvent({ ...form.fields, csrf: other.fields.csrf!, decision: 'link' }, other.cookies),
        ),
      ];
      const mappingAfterForgeries = await mappingOf('U0PAT');
      const genuine = await callback()(
        confirmEvent({ ...form.fields, decision: 'link' }, form.cookies, { base64: true }),
      );

      // Assess
      expect(forged.map((response) => response.statusCode)).toEqual([400, 403, 400]);
      expect(mappingAfterForgeries).toBeUndefined();
      expect(genuine.statusCode).toBe(200);
      expect(await mappingOf('U0PAT')).toMatchObject({ cognitoUsername: 'walter' });
    });

    it('tells the chats already linked to a Cognito user when another chat account is linked to it', async () => {
      // Prepare: Victor links his own Slack account (same email)
      const own = await signInThroughHostedUi(await slackLink('U0VICTOR'), { username: 'victor' });
      expect((await completeLink(callback(), own.query)).statusCode).toBe(200);
      const noraLink = await signInThroughHostedUi(await slackLink('U0NORA'), { username: 'victor' });
      slack.calls.length = 0;

      // Act: Nora's account is linked to Victor (he confirmed it, fooled or not)
      const response = await completeLink(callback(), noraLink.query);

      // Assess
      expect(response.statusCode).toBe(200);
      const dms = slack.calls.filter((call) => call.method === 'chat.postMessage');
      expect(dms.find((call) => call.args.channel === 'U0NORA')?.args.markdown_text).toContain(
        'You are now linked to Cognito user **victor**',
      );
      expect(dms.find((call) => call.args.channel === 'U0VICTOR')?.args.markdown_text).toContain(
        'Slack user Nora Nomail (U0NORA) in workspace Central Ops Inc (T0CENTRAL)',
      );
    });
  });

  describe('junk at the callback', () => {
    it('answers 4xx, never an exception, to requests that are not the flow’s', async () => {
      // Prepare
      const oversized = confirmEvent({ state: 'v1.x.y', csrf: 'a'.repeat(10_000), decision: 'link' });
      const repeated = { ...confirmEvent({}), body: 'state=a&state=b&csrf=c&decision=link' };
      const put = {
        ...callbackEvent({}),
        requestContext: {
          ...callbackEvent({}).requestContext,
          http: { ...callbackEvent({}).requestContext.http, method: 'PUT' },
        },
      };

      // Act
      const responses = await Promise.all(
        [
          callbackEvent({}),
          callbackEvent({ code: 'x', state: 'v1.bm90LWpzb24.sig' }),
          confirmEvent({ state: 'v1.x.y', decision: 'link' }),
          confirmEvent({ state: 'v1.x.y', csrf: 'c', decision: 'drop tables' }, ['__Host-centralops-link=c']),
          oversized,
          repeated,
          put,
        ].map((request) => callback()(request)),
      );

      // Assess
      expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 405]);
    });
  });

  describe('the link survives what is not a confirmation (attack 8)', () => {
    it('keeps the link usable after a failed code exchange and a refreshed callback page', async () => {
      // Prepare
      const redirect = await signInThroughHostedUi(await slackLink('U0RETRY'), { username: 'walter' });

      // Act: a code that fails, then the real one, then a refresh of that page (its code is spent)
      const failed = await callback()(callbackEvent({ ...redirect.query, code: 'not-a-code' }));
      const page = await callback()(callbackEvent(redirect.query));
      const refreshed = await callback()(callbackEvent(redirect.query));
      const form = confirmationForm(page)!;
      const confirmed = await callback()(confirmEvent({ ...form.fields, decision: 'link' }, form.cookies));

      // Assess
      expect(failed.statusCode).toBe(400);
      expect(page.statusCode).toBe(200);
      expect(refreshed.statusCode).toBe(400);
      expect(pageText(refreshed)).toContain('stays valid');
      expect(confirmed.statusCode).toBe(200);
      expect(await mappingOf('U0RETRY')).toMatchObject({ cognitoUsername: 'walter' });
    });
  });
});
