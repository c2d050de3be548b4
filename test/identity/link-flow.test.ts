import { Logger } from '@aws-lambda-powertools/logger';
import { AdminDeleteUserCommand, AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatEvent, ConfirmationAddress } from '#bot/src/core/chat-event.ts';
import type { ChatIdentity } from '#bot/src/identity/index.ts';
import { createIdentityService, signLinkState, verifyLinkState } from '#bot/src/identity/index.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createLinkCallback, toLambdaHandler } from '#bot/src/link/handler.ts';
import { PlatformLinkNotifier } from '#bot/src/link/notifier.ts';
import { createTeamsAdapter } from '#bot/src/teams/adapter.ts';
import { TeamsAdapterError } from '#bot/src/teams/errors.ts';
import { TeamsLinkNotifier } from '#bot/src/teams/link-notifier.ts';
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
  CHANNEL,
  channelMention,
  createTeamsBot,
  MemoryDedupe,
  PERSONAL_CHAT,
  personalMessage,
  type ScriptedAgent,
  startScriptedAgent,
  TENANT,
} from '../teams/harness.ts';
import { callbackEvent, completeLink } from './link-browser.ts';

const CALLBACK_URL = 'https://link.centralops.test/callback';
const SECRET = 'test-link-state-secret-0123456789abcdef';

function chatEvent(workspaceId: string, userId: string, text = 'list ec2 in prod'): ChatEvent {
  return {
    platform: 'slack',
    eventId: `Ev${Math.random().toString(36).slice(2)}`,
    workspaceId,
    userId,
    channelId: 'C0INCIDENT',
    threadId: '1700000000.000100',
    surface: 'mention',
    text,
    private: false,
    platformContext: {},
  };
}

/** The URL of the `[Link your account](…)` prompt the bot sent. */
function linkUrlIn(prompt: unknown): string {
  return /\[Link your account\]\(([^)]+)\)/.exec(String(prompt))?.[1] ?? '';
}

/** A Teams user of TENANT other than the harness's Alice, so each test links someone new. */
function teamsUser(name: string): typeof ALICE {
  return { id: `29:1${name}-teams-id`, name, aadObjectId: `${name}-aad-object-id` };
}

describe('Link flow (IdentityService + link callback)', () => {
  let dynamo: LocalDynamoDB;
  let cognito: LocalCognito;
  let slack: SlackWebApi;
  let connector: BotConnector;
  let agent: ScriptedAgent;
  let env: Record<string, string>;
  let now: number;
  let confirmations: { who: ChatIdentity; text: string; address?: ConfirmationAddress }[];
  let nextActivityId = 1_732_354_500_000;
  const clock = () => now;
  const sub = (username: string) => cognito.users.find((user) => user.username === username)?.sub ?? '';

  const identityService = (overrides: Record<string, string> = {}) =>
    createIdentityService({
      documentClient: dynamo.documentClient,
      cognitoClient: cognito.client,
      env: { ...env, ...overrides },
      now: clock,
    });
  const linkHandler = (overrides: Record<string, string> = {}) =>
    toLambdaHandler(() =>
      createLinkCallback({
        env: { ...env, ...overrides },
        documentClient: dynamo.documentClient,
        cognitoClient: cognito.client,
        notifier: { confirm: async (who, text, address) => void confirmations.push({ who, text, address }) },
        logger: new Logger({ logLevel: 'SILENT' }),
        now: clock,
      }),
    );
  /** The callback as deployed: confirmation through Slack's Web API (SLACK_BOT_TOKEN, SLACK_API_URL). */
  const slackConfirmingHandler = () =>
    toLambdaHandler(() =>
      createLinkCallback({
        env: { ...env, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.url },
        documentClient: dynamo.documentClient,
        cognitoClient: cognito.client,
        logger: new Logger({ logLevel: 'SILENT' }),
        now: clock,
      }),
    );
  /** The callback as deployed for Teams, through the connector stand-in (unauthenticated, as the Teams suites). */
  const teamsConfirmingHandler = () =>
    toLambdaHandler(() =>
      createLinkCallback({
        env,
        documentClient: dynamo.documentClient,
        cognitoClient: cognito.client,
        notifier: new PlatformLinkNotifier({
          teams: new TeamsLinkNotifier({
            adapter: createTeamsAdapter({ allowList: new WorkspaceAllowList([]) }),
          }),
        }),
        logger: new Logger({ logLevel: 'SILENT' }),
        now: clock,
      }),
    );
  /** The Teams bot (handler, worker, pipeline) with the real IdentityService. */
  const teamsBot = () =>
    createTeamsBot({
      agentUrl: agent.url,
      dedupe: new MemoryDedupe(),
      intervalMs: 100,
      identity: identityService(),
    });
  const mappingOf = async (workspaceId: string, userId: string, platform: ChatPlatformId = 'slack') =>
    (
      await dynamo.documentClient.send(
        new GetCommand({
          TableName: tableName('identities'),
          Key: { key: identityKey(platform, workspaceId, userId) },
        }),
      )
    ).Item;

  /** Asks in a channel as this Teams user, follows the link prompt of their 1:1 chat and signs in as `username`. */
  async function linkFromTeamsChannel(from: typeof ALICE, username: string) {
    inRoster(from);
    await teamsBot().post(
      channelMention({ serviceUrl: connector.serviceUrl, id: String(nextActivityId++), from }),
    );
    const personalChat = connector.conversations.at(-1)!;
    expect(personalChat.parameters).toMatchObject({ members: [{ id: from.id }] });
    const linkUrl = linkUrlIn(connector.accepted(personalChat.id).at(-1)?.activity.text);
    return { personalChatId: personalChat.id, redirect: await signInThroughHostedUi(linkUrl, { username }) };
  }

  /** Puts a Teams user in the connector's roster, as Teams lists them. */
  const inRoster = (user: typeof ALICE) => connector.addMember(user, `${user.name}@example.com`, TENANT);

  /** Rewrites the confirmation address stored with the link of `state`, as someone with table access could. */
  async function tamperConfirmationAddress(state: string, change: (stored: ConfirmationAddress) => unknown) {
    const key = { id: `link#${verifyLinkState(state, SECRET, now).nonce}` };
    const { Item: item } = await dynamo.documentClient.send(
      new GetCommand({ TableName: tableName('state'), Key: key }),
    );
    await dynamo.documentClient.send(
      new UpdateCommand({
        TableName: tableName('state'),
        Key: key,
        UpdateExpression: 'SET confirmationAddress = :address',
        ExpressionAttributeValues: { ':address': change(item?.confirmationAddress as ConfirmationAddress) },
      }),
    );
  }

  /** Asks for a link as this chat user and signs in through the Hosted UI as `username`. */
  async function linkAs(workspaceId: string, userId: string, username: string) {
    const resolution = await identityService().resolve(chatEvent(workspaceId, userId));
    if (resolution.status !== 'unlinked') throw new Error(`expected unlinked, got ${resolution.status}`);
    return signInThroughHostedUi(resolution.linkUrl, { username });
  }

  beforeAll(async () => {
    [dynamo, cognito, slack, connector, agent] = await Promise.all([
      startLocalDynamoDB(),
      startLocalCognito({
        users: [
          { username: 'alice', groups: ['ops-all-readers'] },
          { username: 'bob', groups: ['ops-dev-readers', 'ops-staging-readers'] },
          { username: 'carol', groups: ['ops-prod-readers'] },
          { username: 'dave', groups: ['ops-dev-readers'] },
          { username: 'erin', groups: ['ops-dev-readers'] },
          { username: 'mallory', groups: [], enabled: false },
        ],
        callbackUrls: [CALLBACK_URL],
      }),
      startSlackWebApi(),
      startBotConnector(),
      startScriptedAgent(undefined, 20),
    ]);
    env = {
      ...cognito.env,
      ALLOWED_WORKSPACES: `slack:T0CENTRAL, slack:T0OTHER, teams:${TENANT}`,
      LINK_CALLBACK_URL: CALLBACK_URL,
      LINK_STATE_SECRET: SECRET,
    };
  });
  afterAll(async () => {
    await Promise.all([dynamo?.stop(), cognito?.stop(), slack?.stop(), connector?.stop(), agent?.stop()]);
  });
  beforeEach(() => {
    now = Date.now();
    confirmations = [];
  });

  it('links a chat user end to end, then resolves them as that Cognito user', async () => {
    // Prepare
    const service = identityService();
    const first = await service.resolve(chatEvent('T0CENTRAL', 'U0ALICE'));
    expect(first.status).toBe('unlinked');
    const linkUrl = first.status === 'unlinked' ? new URL(first.linkUrl) : undefined;
    expect(linkUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(linkUrl?.searchParams.get('scope')).toBe('openid');
    expect(linkUrl?.searchParams.get('client_id')).toBe(cognito.clientId);
    expect(linkUrl?.searchParams.get('redirect_uri')).toBe(CALLBACK_URL);
    const redirect = await signInThroughHostedUi(String(linkUrl), { username: 'alice' });

    // Act
    const response = await completeLink(linkHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toContain('text/html');
    expect(response.body).toContain('linked as alice');
    const item = await mappingOf('T0CENTRAL', 'U0ALICE');
    expect(item).toMatchObject({ cognitoUsername: 'alice', cognitoSub: sub('alice'), userId: 'U0ALICE' });
    // No token of the user is kept: the mapping holds names only.
    expect(JSON.stringify(item)).not.toMatch(/eyJ|token/i);
    expect(confirmations).toEqual([
      {
        who: { platform: 'slack', workspaceId: 'T0CENTRAL', userId: 'U0ALICE' },
        text: expect.stringContaining('alice'),
      },
    ]);
    expect(await identityService().resolve(chatEvent('T0CENTRAL', 'U0ALICE'))).toEqual({
      status: 'linked',
      cognitoUsername: 'alice',
      cognitoSub: sub('alice'),
    });
  });

  it('refuses a forged state: signed with another secret, or altered after signing', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0FORGE', 'alice');
    const genuine = verifyLinkState(redirect.state, SECRET, now);
    const otherSecret = signLinkState(
      { ...genuine, userId: 'U0FORGE' },
      'another-secret-of-at-least-32-chars!!',
    );
    const [version, , signature] = redirect.state.split('.');
    const altered = `${version}.${Buffer.from(JSON.stringify({ n: genuine.nonce, p: 'slack', w: 'T0CENTRAL', u: 'U0VICTIM', e: genuine.expiresAt })).toString('base64url')}.${signature}`;

    // Act
    const responses = [
      await linkHandler()(callbackEvent({ ...redirect.query, state: otherSecret })),
      await linkHandler()(callbackEvent({ ...redirect.query, state: altered })),
      await linkHandler()(callbackEvent({ ...redirect.query, state: 'not-a-state' })),
    ];

    // Assess
    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400]);
    expect(responses[0]?.body).toContain('not valid');
    expect(await mappingOf('T0CENTRAL', 'U0FORGE')).toBeUndefined();
    expect(await mappingOf('T0CENTRAL', 'U0VICTIM')).toBeUndefined();
  });

  it('refuses an expired state once its 10 minutes are over', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0LATE', 'bob');
    now += 10 * 60_000 + 1;

    // Act
    const response = await linkHandler()(callbackEvent(redirect.query));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('expired');
    expect(await mappingOf('T0CENTRAL', 'U0LATE')).toBeUndefined();
  });

  it('refuses a replayed state, even after the first use succeeded', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0REPLAY', 'bob');
    const handler = linkHandler();
    expect((await completeLink(handler, redirect.query)).statusCode).toBe(200);

    // Act
    const replay = await handler(callbackEvent(redirect.query));

    // Assess
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('already used');
  });

  it('refuses a signed state whose nonce was issued to another chat identity', async () => {
    // Prepare: the victim's link record, and a state for the attacker naming the victim's nonce
    const redirect = await linkAs('T0CENTRAL', 'U0VICTIM2', 'alice');
    const victim = verifyLinkState(redirect.state, SECRET, now);
    const crossed = signLinkState({ ...victim, userId: 'U0ATTACKER' }, SECRET);

    // Act
    const response = await linkHandler()(callbackEvent({ ...redirect.query, state: crossed }));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(await mappingOf('T0CENTRAL', 'U0ATTACKER')).toBeUndefined();
    expect(await mappingOf('T0CENTRAL', 'U0VICTIM2')).toBeUndefined();
  });

  it("refuses a code paired with another link's state (the PKCE verifier does not match)", async () => {
    // Prepare: the attacker signs in on their own link and sends their code with the victim's state
    const victimLink = await linkAs('T0CENTRAL', 'U0VICTIM3', 'carol');
    const attackerLink = await linkAs('T0CENTRAL', 'U0ATTACKER3', 'bob');

    // Act
    const response = await linkHandler()(callbackEvent({ code: attackerLink.code, state: victimLink.state }));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(await mappingOf('T0CENTRAL', 'U0VICTIM3')).toBeUndefined();
  });

  it('does not let a user of workspace A use the mapping made in workspace B', async () => {
    // Prepare: U0SAME links in T0OTHER as carol
    const redirect = await linkAs('T0OTHER', 'U0SAME', 'carol');
    expect((await completeLink(linkHandler(), redirect.query)).statusCode).toBe(200);

    // Act: the same user id in T0CENTRAL
    const inCentral = await identityService().resolve(
      chatEvent('T0CENTRAL', 'U0SAME', `I am U0SAME of T0OTHER, sub ${sub('carol')}`),
    );
    const inOther = await identityService().resolve(chatEvent('T0OTHER', 'U0SAME'));

    // Assess
    expect(inCentral.status).toBe('unlinked');
    expect(inOther).toMatchObject({ status: 'linked', cognitoSub: sub('carol') });
  });

  it('ignores a row filed under workspace A whose own fields name workspace B', async () => {
    // Prepare
    await dynamo.documentClient.send(
      new PutCommand({
        TableName: tableName('identities'),
        Item: {
          key: identityKey('slack', 'T0CENTRAL', 'U0COPY'),
          platform: 'slack',
          workspaceId: 'T0OTHER',
          userId: 'U0COPY',
          cognitoUsername: 'alice',
          cognitoSub: sub('alice'),
        },
      }),
    );

    // Act
    const resolution = await identityService().resolve(chatEvent('T0CENTRAL', 'U0COPY'));

    // Assess
    expect(resolution.status).toBe('unlinked');
  });

  it('refuses a user disabled in Cognito after linking, with a link prompt, once the 60 s cache expires', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0DAVE', 'dave');
    expect((await completeLink(linkHandler(), redirect.query)).statusCode).toBe(200);
    const service = identityService();
    expect((await service.resolve(chatEvent('T0CENTRAL', 'U0DAVE'))).status).toBe('linked');
    await cognito.client.send(
      new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'dave' }),
    );

    // Act
    now += 59_000;
    const withinCache = await service.resolve(chatEvent('T0CENTRAL', 'U0DAVE'));
    now += 2_000;
    const afterCache = await service.resolve(chatEvent('T0CENTRAL', 'U0DAVE'));

    // Assess
    expect(withinCache.status).toBe('linked');
    expect(afterCache).toMatchObject({
      status: 'disabled',
      reason: expect.stringContaining('dave is disabled'),
    });
    expect(afterCache.status === 'disabled' && afterCache.linkUrl).toContain('/oauth2/authorize');
  });

  it('refuses a linked user that was deleted from Cognito', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0ERIN', 'erin');
    expect((await completeLink(linkHandler(), redirect.query)).statusCode).toBe(200);
    await cognito.client.send(
      new AdminDeleteUserCommand({ UserPoolId: cognito.userPoolId, Username: 'erin' }),
    );

    // Act
    const resolution = await identityService().resolve(chatEvent('T0CENTRAL', 'U0ERIN'));

    // Assess
    expect(resolution).toMatchObject({
      status: 'disabled',
      reason: expect.stringContaining('no longer exists'),
    });
  });

  it('refuses to link a Cognito user that is disabled', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0MALLORY', 'mallory');

    // Act
    const response = await linkHandler()(callbackEvent(redirect.query));

    // Assess
    expect(response.statusCode).toBe(403);
    expect(await mappingOf('T0CENTRAL', 'U0MALLORY')).toBeUndefined();
  });

  it('refuses a workspace that is not on the allow-list, and every workspace when the list is empty', async () => {
    // Act
    const unknown = await identityService().resolve(chatEvent('T0UNKNOWN', 'U0ALICE'));
    const unset = await identityService({ ALLOWED_WORKSPACES: '' }).resolve(
      chatEvent('T0CENTRAL', 'U0ALICE'),
    );
    const command = await identityService().handleCommand(chatEvent('T0UNKNOWN', 'U0ALICE'), 'link');

    // Assess
    expect(unknown).toEqual({ status: 'workspace_refused' });
    expect(unset).toEqual({ status: 'workspace_refused' });
    expect(command).toContain('not allowed');
    expect(command).not.toContain('oauth2');
  });

  it('refuses a link completed after its workspace left the allow-list', async () => {
    // Prepare
    const redirect = await linkAs('T0OTHER', 'U0LEAVER', 'alice');

    // Act
    const response = await linkHandler({ ALLOWED_WORKSPACES: 'slack:T0CENTRAL' })(
      callbackEvent(redirect.query),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(await mappingOf('T0OTHER', 'U0LEAVER')).toBeUndefined();
  });

  it('answers whoami with the mapping and groups, and unlink removes the mapping', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0WHO', 'alice');
    await completeLink(linkHandler(), redirect.query);
    const service = identityService();

    // Act
    const whoami = await service.handleCommand(chatEvent('T0CENTRAL', 'U0WHO'), 'whoami');
    const unlink = await service.handleCommand(chatEvent('T0CENTRAL', 'U0WHO'), 'unlink');
    const after = await service.resolve(chatEvent('T0CENTRAL', 'U0WHO'));
    const link = await service.handleCommand(chatEvent('T0CENTRAL', 'U0WHO'), 'link');

    // Assess
    expect(whoami).toContain('alice');
    expect(whoami).toContain('ops-all-readers: every account');
    expect(unlink).toContain('Unlinked');
    expect(await mappingOf('T0CENTRAL', 'U0WHO')).toBeUndefined();
    expect(after.status).toBe('unlinked');
    expect(link).toMatch(/\]\(http:\/\/127\.0\.0\.1:\d+\/oauth2\/authorize\?/);
  });

  it('confirms the link to the user in a Slack direct message', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0SLACKDM', 'carol');

    // Act
    const response = await completeLink(slackConfirmingHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    const post = slack.calls.find(
      (call) => call.method === 'chat.postMessage' && call.args.channel === 'U0SLACKDM',
    );
    expect(post?.args.markdown_text).toContain('carol');
  });

  it('keeps the link when the Slack confirmation cannot be delivered', async () => {
    // Prepare
    const redirect = await linkAs('T0CENTRAL', 'U0NODM', 'carol');
    slack.failNext('chat.postMessage', 'channel_not_found');

    // Act
    const response = await completeLink(slackConfirmingHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(await mappingOf('T0CENTRAL', 'U0NODM')).toMatchObject({ cognitoUsername: 'carol' });
  });

  it('links a Teams user who asked in a channel and confirms it in their 1:1 chat, never in the channel', async () => {
    // Prepare
    const frank = teamsUser('frank');
    const { personalChatId, redirect } = await linkFromTeamsChannel(frank, 'carol');
    const conversationsBefore = connector.conversations.length;

    // Act: complete the link, then ask again in the channel
    const response = await completeLink(teamsConfirmingHandler(), redirect.query);
    const id = String(nextActivityId++);
    await teamsBot().post(channelMention({ serviceUrl: connector.serviceUrl, id, from: frank }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(await mappingOf(TENANT, frank.aadObjectId, 'teams')).toMatchObject({ cognitoUsername: 'carol' });
    const [prompt, confirmation, ...more] = connector.accepted(personalChatId);
    expect(prompt?.activity.text).toContain('[Link your account]');
    expect(confirmation?.activity.text).toContain('linked to Cognito user **carol**');
    expect(more).toEqual([]);
    // Answered as carol in the thread, without opening a 1:1 chat: no link, no address lookup.
    expect(agent.requests.at(-1)?.userId).toBe(sub('carol'));
    expect(connector.accepted(`${CHANNEL};messageid=${id}`).length).toBeGreaterThan(0);
    expect(connector.conversations.length).toBe(conversationsBefore);
  });

  it('confirms `ops link` typed in the 1:1 chat in that chat', async () => {
    // Prepare
    const grace = teamsUser('grace');
    inRoster(grace);
    await teamsBot().post(
      personalMessage({
        serviceUrl: connector.serviceUrl,
        id: String(nextActivityId++),
        text: 'ops link',
        from: grace,
      }),
    );
    const linkUrl = linkUrlIn(connector.accepted(PERSONAL_CHAT).at(-1)?.activity.text);
    const redirect = await signInThroughHostedUi(linkUrl, { username: 'alice' });

    // Act
    const response = await completeLink(teamsConfirmingHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(connector.accepted(PERSONAL_CHAT).at(-1)?.activity.text).toContain(
      'linked to Cognito user **alice**',
    );
  });

  it.each([
    ['names another tenant', { tenantId: 'ffffffff-0000-0000-0000-000000000bad' }],
    ['names the channel', { conversationId: CHANNEL }],
  ])('ignores a stored confirmation address that %s: nothing is sent, the link stands', async (_, change) => {
    // Prepare
    const henry = teamsUser(`henry-${nextActivityId}`);
    const { redirect } = await linkFromTeamsChannel(henry, 'alice');
    await tamperConfirmationAddress(redirect.state, (stored) => ({ ...stored, ...change }));
    const sentBefore = connector.activities.length;

    // Act
    const response = await completeLink(teamsConfirmingHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('linked as alice');
    expect(await mappingOf(TENANT, henry.aadObjectId, 'teams')).toMatchObject({ cognitoUsername: 'alice' });
    expect(connector.activities.length).toBe(sentBefore);
  });

  it('drops a stored confirmation address that is not a map of strings, and still links', async () => {
    // Prepare
    const ivy = teamsUser('ivy');
    const { redirect } = await linkFromTeamsChannel(ivy, 'alice');
    await tamperConfirmationAddress(redirect.state, (stored) => ({ ...stored, tenantId: 42 }));

    // Act
    const response = await completeLink(linkHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    const toIvy = confirmations.filter((note) => note.who.userId === ivy.aadObjectId);
    expect(toIvy).toEqual([
      {
        who: { platform: 'teams', workspaceId: TENANT, userId: ivy.aadObjectId },
        text: expect.any(String),
        address: undefined,
      },
    ]);
  });

  it('wires the Teams confirmation from MICROSOFT_APP_ID: a link with no 1:1 chat to confirm in is logged, and stands', async () => {
    // Prepare: a Teams link issued without a confirmation address
    const kate = teamsUser('kate');
    const asked = { ...chatEvent(TENANT, kate.aadObjectId), platform: 'teams' } as const;
    const resolution = await identityService().resolve(asked);
    const linkUrl = resolution.status === 'unlinked' ? resolution.linkUrl : '';
    const redirect = await signInThroughHostedUi(linkUrl, { username: 'alice' });
    const logger = new Logger({ logLevel: 'SILENT' });
    const warn = vi.spyOn(logger, 'warn');
    const handler = toLambdaHandler(() =>
      createLinkCallback({
        env: {
          ...env,
          MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a',
          MICROSOFT_APP_TENANT_ID: TENANT,
          MICROSOFT_APP_PASSWORD: 'resolved-from-secrets-manager',
        },
        documentClient: dynamo.documentClient,
        cognitoClient: cognito.client,
        logger,
        now: clock,
      }),
    );

    // Act
    const response = await completeLink(handler, redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(warn).toHaveBeenCalledWith('Link confirmation not delivered in chat', {
      error: expect.any(TeamsAdapterError),
    });
  });

  it('keeps the Teams link when the connector refuses the confirmation', async () => {
    // Prepare
    const jack = teamsUser('jack');
    const { redirect } = await linkFromTeamsChannel(jack, 'carol');
    connector.fail(403, 1);

    // Act
    const response = await completeLink(teamsConfirmingHandler(), redirect.query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('linked as carol');
    expect(connector.activities.at(-1)?.status).toBe(403);
    expect(await mappingOf(TENANT, jack.aadObjectId, 'teams')).toMatchObject({ cognitoUsername: 'carol' });
  });
});
