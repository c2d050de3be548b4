/** Microsoft Teams as the bot serves it (see ChatPlatform): the descriptor, and its link confirmation in the 1:1 chat. */
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import type { ChatPlatform } from '../core/chat-platform.ts';

export const teamsPlatform: ChatPlatform<typeof CHAT_PLATFORMS.teams> = {
  descriptor: CHAT_PLATFORMS.teams,
  // botbuilder and MSAL (~1 MB) load only when a Teams app is configured: a Slack-only cold start skips them.
  linkNotifier: async (env) => (await import('./link-notifier.ts')).teamsLinkNotifierFrom(env),
};
