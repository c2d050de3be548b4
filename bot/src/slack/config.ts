/** The Slack adapter's settings from the environment; every default is applied here. */
import { identityConfig } from '../identity/config.ts';
import { WorkspaceAllowList } from '../identity/workspaces.ts';
import { SlackConfigError } from './errors.ts';

export interface SlackConfig {
  /** SLACK_SIGNING_SECRET: verifies every inbound request (v0 HMAC). */
  readonly signingSecret: string | undefined;
  /** SLACK_BOT_TOKEN: `xoxb-…`, the worker's Web API token. */
  readonly botToken: string | undefined;
  /** SLACK_API_URL: Web API base for WebClient `slackApiUrl` (a local stand-in in tests). @default Slack's */
  readonly apiUrl: string | undefined;
  /** SLACK_APP_TOKEN: `xapp-…`; when set, `npm start` runs the app over Socket Mode. */
  readonly appToken: string | undefined;
  /** ALLOWED_WORKSPACES (`slack:<team id>` entries); empty refuses everyone (fail closed). */
  readonly allowList: WorkspaceAllowList;
  /** WORKER_FUNCTION_NAME: the worker Lambda the ack path invokes asynchronously. */
  readonly workerFunctionName: string | undefined;
  /** SLACK_STREAM_INTERVAL_MS: least time between two updates of a streamed answer. @default 1_000 */
  readonly streamIntervalMs: number;
  /** SLACK_MAX_MESSAGE_CHARS: longer answers go into a snippet with the summary in the message. @default 3_500 */
  readonly maxMessageChars: number;
}

export function slackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  return {
    signingSecret: env.SLACK_SIGNING_SECRET || undefined,
    botToken: env.SLACK_BOT_TOKEN || undefined,
    apiUrl: env.SLACK_API_URL || undefined,
    appToken: env.SLACK_APP_TOKEN || undefined,
    allowList: new WorkspaceAllowList(identityConfig(env).allowedWorkspaces),
    workerFunctionName: env.WORKER_FUNCTION_NAME || undefined,
    streamIntervalMs: positive(env.SLACK_STREAM_INTERVAL_MS) ?? 1_000,
    maxMessageChars: positive(env.SLACK_MAX_MESSAGE_CHARS) ?? 3_500,
  };
}

/** The value, or a clear error naming the variable. */
export function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new SlackConfigError(`${name} is not set`);
  return value;
}

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isFinite(number) && number > 0 ? number : undefined;
}
