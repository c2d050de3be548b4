/** Slack as the bot serves it (see ChatPlatform): the descriptor, and its link confirmation by DM. */
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import type { ChatPlatform } from '../core/chat-platform.ts';

export const slackPlatform: ChatPlatform<typeof CHAT_PLATFORMS.slack> = {
  descriptor: CHAT_PLATFORMS.slack,
  linkNotifier: async (env) => (await import('./link-notifier.ts')).slackLinkNotifierFrom(env),
};
