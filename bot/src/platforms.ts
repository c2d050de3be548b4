/**
 * The chat platforms the bot serves: one entry per platform of contracts/chat-platforms.ts, typed
 * so that a platform declared there without its code here does not compile. The link callback
 * iterates it; the build and the Bot stack iterate the descriptors.
 */
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import type { ChatPlatform } from './core/chat-platform.ts';
import { slackPlatform } from './slack/platform.ts';
import { teamsPlatform } from './teams/platform.ts';

export const PLATFORMS: { readonly [Id in ChatPlatformId]: ChatPlatform } = {
  slack: slackPlatform,
  teams: teamsPlatform,
};
