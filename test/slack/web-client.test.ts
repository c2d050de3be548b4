import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeChatApiRetries } from '#bot/src/core/chat-api-retries.ts';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';

describe('Slack Web API client: rate limits retried and counted for the ChatApiRetries metric', () => {
  let api: SlackWebApi;

  beforeAll(async () => {
    api = await startSlackWebApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('retries a call Slack answers 429, and counts each retry for the question', async () => {
    // Prepare
    const client = createSlackWebClient({ token: api.token, apiUrl: api.url });
    api.rateLimit('chat.postMessage', 2, 0);
    takeChatApiRetries('slack');
    // Act
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'Buckets: 2' });
    // Assess
    expect(posted.ok).toBe(true);
    const statuses = api.calls
      .filter((call) => call.method === 'chat.postMessage')
      .map((call) => call.status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(takeChatApiRetries('slack')).toBe(2);
    expect(takeChatApiRetries('slack')).toBe(0);
  });
});
