import { readFile } from 'node:fs/promises';
import type { Manifest } from '@slack/web-api/dist/types/request/manifest.js';
import { describe, expect, it } from 'vitest';
import { SUGGESTED_PROMPTS } from '#bot/src/slack/agent-pane.ts';
import { SLASH_COMMAND } from '#bot/src/slack/inbound.ts';

const manifest = JSON.parse(
  await readFile(new URL('../../bot/slack/manifest.json', import.meta.url), 'utf8'),
) as Manifest & {
  features: { agent_view: { suggested_prompts: { title: string; message: string }[] } };
};

describe('bot/slack/manifest.json', () => {
  it('asks for exactly the scopes the adapter uses', () => {
    // Assess: mentions, the agent pane, replies in threads it answered (channel and private-channel
    // history), joining a new public channel, posting/streaming/updating, /ops, snippets, DMs, and
    // the asker's name, email and team name for the link page (users.info, team.info).
    expect(manifest.oauth_config?.scopes?.bot).toEqual([
      'app_mentions:read',
      'assistant:write',
      'channels:history',
      'channels:join',
      'chat:write',
      'commands',
      'files:write',
      'groups:history',
      'im:history',
      'team:read',
      'users:read',
      'users:read.email',
    ]);
  });

  it('subscribes to exactly the events the ack router acts on', () => {
    // Assess
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual([
      'app_context_changed',
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
  });

  it('registers the slash command the adapter answers and the agent pane with its prompts', () => {
    // Assess
    expect(manifest.features?.slash_commands?.map((command) => command.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.agent_view.suggested_prompts).toEqual(SUGGESTED_PROMPTS);
    expect(manifest.features?.app_home?.messages_tab_enabled).toBe(true);
  });

  it('turns interactivity on, so button taps reach the ack path', () => {
    // Assess
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it('points Slack at the one ack URL placeholder, to be replaced at install', () => {
    // Assess: events, the slash command and button taps all go to the one signed ack path.
    const urls = [
      manifest.settings?.event_subscriptions?.request_url,
      ...(manifest.features?.slash_commands ?? []).map((command) => command.url),
      manifest.settings?.interactivity?.request_url,
    ];
    expect(new Set(urls)).toEqual(new Set(['https://SLACK-HANDLER-URL.invalid/slack/events']));
  });
});
