/**
 * The Slack HTTP path as a Lambda handler: Bolt's AwsLambdaReceiver verifies the v0 signature
 * (5-minute window; 401 and nothing else otherwise) and answers `ssl_check` and
 * `url_verification`; the SlackAckRouter refuses, dedupes and hands off. No Web API call here.
 */
import type { App } from '@slack/bolt';
// The receiver's own module: Bolt's index would load its HTTP and Socket Mode stacks too.
import * as receiverModule from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import { LogLevel } from '@slack/web-api';
import { SlackAckRouter, type SlackAckRouterOptions } from './ack-router.ts';

type ReceiverClass = typeof import('@slack/bolt').AwsLambdaReceiver;
// Node's ESM loader and esbuild hand over the CommonJS exports (`{ default }`); vitest unwraps them.
const loaded = receiverModule.default as unknown as ReceiverClass | { default: ReceiverClass };
const AwsLambdaReceiver: ReceiverClass = 'default' in loaded ? loaded.default : loaded;

/** `(event, context) => Promise<{ statusCode, headers?, body }>` */
export type AwsHandler = ReturnType<InstanceType<typeof AwsLambdaReceiver>['toHandler']>;

export interface SlackAckHandlerOptions extends SlackAckRouterOptions {
  readonly signingSecret: string;
}

export function createSlackAckHandler(options: SlackAckHandlerOptions): AwsHandler {
  const receiver = new AwsLambdaReceiver({ signingSecret: options.signingSecret, logLevel: LogLevel.ERROR });
  // Receivers only call processEvent on their app.
  receiver.init(new SlackAckRouter(options) as unknown as App);
  return receiver.toHandler();
}
