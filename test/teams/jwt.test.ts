import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkDispatcher } from '#bot/src/core/work-dispatcher.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { createTeamsHandler, type TeamsHttpHandler } from '#bot/src/teams/ack-handler.ts';
import { createTeamsAdapter } from '#bot/src/teams/adapter.ts';
import { loadTeamsConfig } from '#bot/src/teams/config.ts';
import type { TeamsWorkItem } from '#bot/src/teams/work.ts';
import {
  type BotFrameworkKeys,
  channelToken,
  createSigningKey,
  type SigningKey,
  startBotFrameworkKeys,
} from '#local/stand-ins/bot-framework-keys.ts';
import { channelMention, httpEvent, MemoryDedupe, TENANT, webChatMessage } from './harness.ts';

const APP_ID = '00000000-0000-0000-0000-00000000b07a';
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

describe('Teams handler with an app id (Bot Framework JWT)', () => {
  let keys: BotFrameworkKeys;
  let trusted: SigningKey;
  let handler: TeamsHttpHandler;
  const dispatched: TeamsWorkItem[] = [];
  let nextId = 1_732_354_400_000;

  beforeAll(async () => {
    trusted = createSigningKey('bf-key-1');
    // As Bot Framework's own keys: endorsed for Teams and for the Web Chat / Direct Line channels.
    keys = await startBotFrameworkKeys([trusted], ['msteams', 'webchat', 'directline']);
    // As the ack Lambda loads it: no app password (it never sends to Teams).
    const config = loadTeamsConfig(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: TENANT, ALLOWED_WORKSPACES: `teams:${TENANT}` },
      { outbound: false },
    );
    const dispatcher: WorkDispatcher<TeamsWorkItem> = {
      dispatch: async (work) => {
        dispatched.push(work);
      },
    };
    handler = createTeamsHandler({
      adapter: createTeamsAdapter(config, { openIdMetadataUrl: keys.openIdMetadataUrl }),
      allowList: config.allowList,
      dedupe: new MemoryDedupe(),
      dispatcher,
    });
  });

  afterAll(async () => {
    await keys?.stop();
  });

  const activity = () => channelMention({ serviceUrl: SERVICE_URL, id: String(nextId++) });

  it('accepts an activity signed by a Bot Framework key for this app and hands it to the worker, with no app password', async () => {
    // Prepare
    const token = channelToken(trusted, { aud: APP_ID, serviceurl: SERVICE_URL });
    const before = dispatched.length;

    // Act
    const result = await handler(httpEvent(activity(), { authorization: `Bearer ${token}` }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(dispatched.length).toBe(before + 1);
  });

  it.each(['webchat', 'directline'] as const)(
    'refuses with 403 a validly signed %s activity claiming a Teams user of an allowed tenant',
    async (channelId) => {
      // Prepare
      const serviceUrl = 'https://webchat.botframework.com/';
      const token = channelToken(trusted, { aud: APP_ID, serviceurl: serviceUrl });
      const before = dispatched.length;

      // Act
      const result = await handler(
        httpEvent(webChatMessage({ serviceUrl, id: String(nextId++), channelId }), {
          authorization: `Bearer ${token}`,
        }),
      );

      // Assess
      expect(result.statusCode).toBe(403);
      expect(dispatched.length).toBe(before);
    },
  );

  it.each([
    ['under a published key id', 'bf-key-1'],
    ['under an unknown key id', 'attacker-key'],
  ])('refuses with 401 a token signed by a key Bot Framework never published (%s)', async (_, kid) => {
    // Prepare
    const forged = channelToken(createSigningKey(kid), { aud: APP_ID, serviceurl: SERVICE_URL });
    const before = dispatched.length;

    // Act
    const result = await handler(httpEvent(activity(), { authorization: `Bearer ${forged}` }));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(dispatched.length).toBe(before);
  });

  it('refuses with 401 a valid token issued for another app', async () => {
    // Prepare
    const token = channelToken(trusted, {
      aud: '11111111-0000-0000-0000-000000000000',
      serviceurl: SERVICE_URL,
    });

    // Act
    const result = await handler(httpEvent(activity(), { authorization: `Bearer ${token}` }));

    // Assess
    expect(result.statusCode).toBe(401);
  });

  it.each([
    ['a body that is not JSON', '{"type":"message",'],
    ['a JSON array', '[]'],
    ['an empty body', ''],
  ])('answers 4xx, without throwing, to a signed request carrying %s', async (_, body) => {
    // Prepare
    const token = channelToken(trusted, { aud: APP_ID, serviceurl: SERVICE_URL });
    const before = dispatched.length;

    // Act
    const result = await handler({ ...httpEvent({}, { authorization: `Bearer ${token}` }), body });

    // Assess
    expect(result.statusCode).toBeGreaterThanOrEqual(400);
    expect(result.statusCode).toBeLessThan(500);
    expect(dispatched.length).toBe(before);
  });

  it('refuses with 401 a request without a token', async () => {
    // Act
    const result = await handler(httpEvent(activity()));

    // Assess
    expect(result.statusCode).toBe(401);
  });
});

describe('Teams handler failures', () => {
  it('answers 500 without internals when the state table is unreachable, and dispatches nothing', async () => {
    // Prepare
    const allowList = new WorkspaceAllowList([`teams:${TENANT}`]);
    const dispatched: TeamsWorkItem[] = [];
    const handler = createTeamsHandler({
      adapter: createTeamsAdapter({ allowList }),
      allowList,
      dedupe: {
        once: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.12:443 (centralops-state)');
        },
      },
      dispatcher: { dispatch: async (work) => void dispatched.push(work) },
    });

    // Act
    const result = await handler(httpEvent(channelMention({ serviceUrl: SERVICE_URL })));

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('centralops-state');
    expect(dispatched).toHaveLength(0);
  });
});
