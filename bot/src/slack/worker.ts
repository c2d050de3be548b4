/**
 * Lambda entry point of the Slack worker, invoked asynchronously by the ack path with a SlackWork
 * payload: identity, the agent call as the user, and the streamed answer; or a button tap, run as
 * the tapper. Built once per sandbox.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditLog } from '#access/audit-log.ts';
import { requireSetting } from '#common/env.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { answerButtons, CHAT_ACTIONS } from '../actions/index.ts';
import { createActionPipeline } from '../core/action-pipeline.ts';
import { DynamoAnsweredThreads } from '../core/answered-threads.ts';
import { DynamoChannelMutes } from '../core/channel-mutes.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { DynamoKeptAnswers } from '../core/kept-answers.ts';
import { createBotLogger } from '../core/logger.ts';
import { createPipeline } from '../core/pipeline.ts';
import { botEnvironment } from '../core/secrets.ts';
import { workerObservers } from '../core/worker-observers.ts';
import { createDirectoryAccess, createIdentityService } from '../identity/index.ts';
import { AgentRuntimeClient } from '../runtime/agent-runtime-client.ts';
import { slackConfig } from './config.ts';
import { createSlackWebClient } from './web-client.ts';
import type { SlackWork } from './work.ts';
import { createSlackWorker, type SlackWorker } from './worker-runner.ts';

const built = onFirstUse(async (): Promise<{ worker: SlackWorker; audit: AuditLog }> => {
  const env = await botEnvironment();
  const config = slackConfig(env);
  const logger = createBotLogger('centralops-slack');
  // One client (one connection pool) for the identity tables, the dedupe record and the audit.
  const dynamo = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(dynamo);
  const observers = workerObservers(documentClient, logger);
  const identity = createIdentityService({ env, documentClient });
  const keptAnswers = new DynamoKeptAnswers({ client: documentClient });
  const channelMutes = new DynamoChannelMutes({ client: documentClient });
  const pipeline = createPipeline({
    identity,
    agent: new AgentRuntimeClient(),
    logger,
    observers,
    answerButtons: answerButtons(keptAnswers),
  });
  const worker = createSlackWorker({
    pipeline,
    actions: createActionPipeline({
      actions: CHAT_ACTIONS,
      identity,
      access: createDirectoryAccess({ env, documentClient }),
      questions: pipeline,
      keptAnswers,
      channelMutes,
      logger,
      observers,
    }),
    threads: new DynamoAnsweredThreads({ client: documentClient }),
    client: createSlackWebClient({
      token: requireSetting(config.botToken, 'SLACK_BOT_TOKEN'),
      apiUrl: config.apiUrl,
    }),
    logger,
    streamIntervalMs: config.streamIntervalMs,
    maxMessageChars: config.maxMessageChars,
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'worker', { client: dynamo }),
  });
  return { worker, audit: observers.audit };
});

export async function handler(work: SlackWork): Promise<void> {
  const { worker, audit } = await built();
  await worker(work);
  await audit.idle();
}
