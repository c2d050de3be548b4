/**
 * The Slack HTTP path as a Lambda handler: Bolt's AwsLambdaReceiver verifies the v0 signature
 * (5-minute window; 401 and nothing else otherwise), answers `ssl_check` and `url_verification`,
 * and the shared listeners refuse, dedupe and hand off. No Web API call happens here.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { DedupePort } from '../core/ports.ts';
import type { WorkDispatcher } from '../core/work-dispatcher.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import { registerSlackListeners } from './listeners.ts';
import type { SlackWork } from './work.ts';

/** `(event, context) => Promise<{ statusCode, headers?, body }>` */
export type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

export interface SlackAckHandlerOptions {
  readonly signingSecret: string;
  readonly allowList: WorkspaceAllowList;
  readonly dedupe: DedupePort;
  readonly dispatcher: WorkDispatcher<SlackWork>;
  readonly logger: Logger;
}

export function createSlackAckHandler(options: SlackAckHandlerOptions): AwsHandler {
  const receiver = new AwsLambdaReceiver({ signingSecret: options.signingSecret, logLevel: LogLevel.ERROR });
  // The ack path never calls the Web API, so it needs no token (and no auth.test at cold start).
  const app = new App({ receiver, authorize: async () => ({}), logLevel: LogLevel.ERROR });
  registerSlackListeners(app, options);
  return receiver.toHandler();
}
