import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';

describe('startSlackWebApi', () => {
  let api: SlackWebApi;
  beforeAll(async () => {
    api = await startSlackWebApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('refuses a call whose bearer token is not the bot token', async () => {
    // Prepare
    const client = new WebClient('xoxb-wrong', { slackApiUrl: api.url, retryConfig: { retries: 0 } });

    // Act
    const call = client.chat.postMessage({ channel: 'C1', text: 'hi' });

    // Assess
    await expect(call).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(api.messagesIn('C1')).toEqual([]);
  });

  it('answers 429 with Retry-After and `ratelimited` when told to', async () => {
    // Prepare
    api.rateLimit('chat.postMessage', 1, 7);

    // Act
    const response = await fetch(`${api.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'hi' }),
    });

    // Assess
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('keeps threads, streams and their expiry the way Slack reports them', async () => {
    // Prepare
    const client = new WebClient(api.token, { slackApiUrl: api.url });
    const root = await client.chat.postMessage({ channel: 'C2', text: 'root' });
    const stream = await client.chat.startStream({
      channel: 'C2',
      thread_ts: root.ts as string,
      recipient_user_id: 'U1',
      recipient_team_id: 'T1',
      markdown_text: 'Hello',
    });

    // Act
    await client.chat.appendStream({ channel: 'C2', ts: stream.ts as string, markdown_text: ', world' });
    api.expireStreams();
    const late = client.chat.appendStream({ channel: 'C2', ts: stream.ts as string, markdown_text: '!' });

    // Assess
    await expect(late).rejects.toMatchObject({ data: { error: 'message_not_in_streaming_state' } });
    expect(api.messagesIn('C2').map((message) => message.text)).toEqual(['root']);
    expect(api.messagesIn('C2', root.ts).map((message) => message.text)).toEqual(['Hello, world']);
  });

  it('refuses to start a stream in a channel without the recipient', async () => {
    // Prepare
    const client = new WebClient(api.token, { slackApiUrl: api.url });

    // Act
    const call = client.chat.startStream({ channel: 'C3', thread_ts: '1.000001', markdown_text: 'x' });

    // Assess
    await expect(call).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });
});
