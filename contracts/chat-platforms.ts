/**
 * The chat platforms CentralOps serves, as everything outside bot/ needs to know them: the registry
 * (which ids it accepts), the build (which bundles), infra/ (which functions, settings and secrets),
 * the state table (whose dedupe claims). The bot adds each platform's code to its descriptor
 * (bot/src/platforms.ts); adding a platform is one entry here and one folder there.
 */

/** One id the registry files name (workspace, user, channel), and how a valid one looks. */
export interface IdRule {
  readonly pattern: RegExp;
  /** How a refusal describes a valid one: `a Slack team id such as T0123ABCD`. */
  readonly example: string;
}

/** The functions of a platform (ack path, worker) and the link-flow callback they share. */
export type PlatformFunction = 'ack' | 'worker' | 'link-callback';

/** A value a platform's functions read from their environment. */
export interface PlatformVariable {
  readonly variable: string;
  /** Which functions are given it. */
  readonly usedBy: readonly PlatformFunction[];
  readonly description: string;
}

/** A plain setting, from CDK context (`-c <context>=…`). */
export interface PlatformSetting extends PlatformVariable {
  readonly context: string;
  /** Required once the platform has an allowed workspace (ALLOWED_WORKSPACES). */
  readonly requiredWhenServed: boolean;
}

export interface ChatPlatformDescriptor {
  /** As stored with identities, channels and links: `slack`, `teams`. */
  readonly id: string;
  /** Short, for construct and bundle names: `Slack`, `Teams`. */
  readonly name: string;
  /** As people name it: `Slack`, `Microsoft Teams`. */
  readonly title: string;
  /** The Lambda entry points (each exports `handler`): the public ack path and its worker. */
  readonly bundles: { readonly ack: string; readonly worker: string };
  /** Name of the deployed stack output holding the ack path's URL, for the platform's app settings. */
  readonly endpointOutput: string;
  /** Secrets, each in Secrets Manager; a function gets `<variable>_SECRET_ID` in its place. */
  readonly secrets: readonly PlatformVariable[];
  readonly settings: readonly PlatformSetting[];
  /** Who claims a delivery in the state table: one scope per function (`dedupe#<scope>#…`). */
  readonly dedupeScopes: { readonly ack: string; readonly worker: string };
  /** The ids the registry files name, checked when the registry is seeded. */
  readonly ids: { readonly workspace: IdRule; readonly user: IdRule; readonly channel?: IdRule };
  /**
   * Its ack path receives channel messages without a mention (Slack delivers a channel's messages)
   * and reads which threads CentralOps answered in, to take only the replies there as questions.
   */
  readonly followsAnsweredThreads: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const slack = {
  id: 'slack',
  name: 'Slack',
  title: 'Slack',
  bundles: { ack: 'bot/src/slack/handler.ts', worker: 'bot/src/slack/worker.ts' },
  endpointOutput: 'SlackRequestUrl',
  secrets: [
    {
      variable: 'SLACK_SIGNING_SECRET',
      usedBy: ['ack'],
      description: 'the ack path verifies every request with it',
    },
    {
      variable: 'SLACK_BOT_TOKEN',
      usedBy: ['worker', 'link-callback'],
      description: 'xoxb-…: the worker answers with it; the link callback confirms links with it',
    },
  ],
  settings: [],
  dedupeScopes: { ack: 'slack', worker: 'slack-worker' },
  ids: {
    workspace: { pattern: /^[TE][A-Z0-9]+$/, example: 'a Slack team id such as T0123ABCD' },
    user: { pattern: /^[UW][A-Z0-9]+$/, example: 'a Slack user id such as U0123ABCD' },
    channel: { pattern: /^[CGD][A-Z0-9]+$/, example: 'a Slack channel id such as C0123ABCD' },
  },
  followsAnsweredThreads: true,
} as const satisfies ChatPlatformDescriptor;

const teams = {
  id: 'teams',
  name: 'Teams',
  title: 'Microsoft Teams',
  bundles: { ack: 'bot/src/teams/handler.ts', worker: 'bot/src/teams/worker.ts' },
  endpointOutput: 'TeamsMessagingEndpoint',
  secrets: [
    {
      variable: 'MICROSOFT_APP_PASSWORD',
      // The ack path only validates inbound tokens (app id and tenant): it is given no password.
      usedBy: ['worker', 'link-callback'],
      description: "the Entra app's client secret: the worker and the link callback send to Teams with it",
    },
  ],
  settings: [
    {
      variable: 'MICROSOFT_APP_ID',
      context: 'microsoftAppId',
      usedBy: ['ack', 'worker', 'link-callback'],
      requiredWhenServed: true,
      description: 'Microsoft Entra app id of the Teams bot',
    },
    {
      variable: 'MICROSOFT_APP_TENANT_ID',
      context: 'microsoftAppTenantId',
      usedBy: ['ack', 'worker', 'link-callback'],
      requiredWhenServed: true,
      description: 'Microsoft Entra tenant of the (single-tenant) Teams bot',
    },
  ],
  dedupeScopes: { ack: 'teams', worker: 'teams-worker' },
  ids: {
    workspace: { pattern: GUID, example: 'a Teams tenant id (GUID)' },
    user: { pattern: GUID, example: "a Teams user's aadObjectId (GUID)" },
  },
  // In channels Teams delivers only the messages that mention the bot.
  followsAnsweredThreads: false,
} as const satisfies ChatPlatformDescriptor;

/** Every platform, by id. */
export const CHAT_PLATFORMS = { slack, teams } as const;

export type ChatPlatformId = keyof typeof CHAT_PLATFORMS;

export const CHAT_PLATFORM_IDS = Object.keys(CHAT_PLATFORMS) as ChatPlatformId[];

/** Narrows a platform read back from storage, a signed payload or a request to one we serve. */
export function isChatPlatformId(value: unknown): value is ChatPlatformId {
  return typeof value === 'string' && Object.hasOwn(CHAT_PLATFORMS, value);
}

/** Every platform's descriptor, in a stable order. */
export function chatPlatforms(): readonly ChatPlatformDescriptor[] {
  return Object.values(CHAT_PLATFORMS);
}
