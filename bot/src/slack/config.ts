/** The Slack adapter's settings from the environment; every default is applied here. */
import { type Env, readEnv } from '#common/env.ts';
import { identityConfig } from '../identity/config.ts';
import { WorkspaceAllowList } from '../identity/workspaces.ts';

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

export function slackConfig(env: Env = process.env): SlackConfig {
  const read = readEnv(env);
  return {
    signingSecret: read.text('SLACK_SIGNING_SECRET'),
    botToken: read.text('SLACK_BOT_TOKEN'),
    apiUrl: read.text('SLACK_API_URL'),
    appToken: read.text('SLACK_APP_TOKEN'),
    allowList: new WorkspaceAllowList(identityConfig(env).allowedWorkspaces),
    workerFunctionName: read.text('WORKER_FUNCTION_NAME'),
    streamIntervalMs: read.positiveNumber('SLACK_STREAM_INTERVAL_MS', 1_000),
    maxMessageChars: read.positiveNumber('SLACK_MAX_MESSAGE_CHARS', 3_500),
  };
}
