/**
 * Lambda entry point of Slack's HTTP path (Function URL / HTTP API payload 2.0): verify, dedupe,
 * invoke the worker asynchronously (WORKER_FUNCTION_NAME), ack. Built once per sandbox.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireSetting } from '#common/env.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { DynamoAnsweredThreads } from '../core/answered-threads.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import { botEnvironment } from '../core/secrets.ts';
import { LambdaWorkDispatcher } from '../core/work-dispatcher.ts';
import { type AwsHandler, createSlackAckHandler } from './ack-handler.ts';
import { slackConfig } from './config.ts';
import type { SlackWork } from './work.ts';

const built = onFirstUse(async (): Promise<AwsHandler> => {
  const config = slackConfig(await botEnvironment());
  // One client for the dedupe record and the answered threads.
  const dynamo = new DynamoDBClient({});
  return createSlackAckHandler({
    signingSecret: requireSetting(config.signingSecret, 'SLACK_SIGNING_SECRET'),
    allowList: config.allowList,
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: dynamo }),
    threads: new DynamoAnsweredThreads({ client: DynamoDBDocumentClient.from(dynamo) }),
    dispatcher: new LambdaWorkDispatcher<SlackWork>({
      functionName: requireSetting(config.workerFunctionName, 'WORKER_FUNCTION_NAME'),
    }),
    logger: createBotLogger('centralops-slack'),
  });
});

export const handler: AwsHandler = async (event, context) => (await built())(event, context);
