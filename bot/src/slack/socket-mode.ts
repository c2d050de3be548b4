/**
 * The same Slack app over Socket Mode, for local use without a public URL (`npm start` with
 * SLACK_APP_TOKEN set): Bolt's SocketModeReceiver delivers the events, the ack listeners are the
 * Lambda path's, and the worker runs in this process.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { requireSetting } from '#common/env.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { answerButtons, CHAT_ACTIONS } from '../actions/index.ts';
import { type ActionPipeline, createActionPipeline } from '../core/action-pipeline.ts';
import { DynamoAnsweredThreads } from '../core/answered-threads.ts';
import { DynamoChannelMutes } from '../core/channel-mutes.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { DynamoKeptAnswers } from '../core/kept-answers.ts';
import { createBotLogger } from '../core/logger.ts';
import { createPipeline, type Pipeline } from '../core/pipeline.ts';
import type { DedupePort } from '../core/ports.ts';
import { InProcessWorkDispatcher } from '../core/work-dispatcher.ts';
import { createDirectoryAccess, createIdentityService } from '../identity/index.ts';
import { AgentRuntimeClient } from '../runtime/agent-runtime-client.ts';
import { SlackAckRouter } from './ack-router.ts';
import { slackConfig } from './config.ts';
import { createSlackWebClient } from './web-client.ts';
import type { SlackWork } from './work.ts';
import { createSlackWorker } from './worker-runner.ts';

export interface SlackSocketModeOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default createPipeline with the IdentityService and AgentRuntimeClient from the environment */
  readonly pipeline?: Pipeline;
  /** Button taps. @default createActionPipeline with CHAT_ACTIONS wired from the environment, unless `pipeline` is given */
  readonly actions?: ActionPipeline;
  /** @default DynamoDedupe on the state table */
  readonly dedupe?: DedupePort;
  /** @default createBotLogger('centralops-slack') */
  readonly logger?: Logger;
}

export interface SlackSocketMode {
  stop(): Promise<void>;
}

/** Connects to Slack with SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN and serves until stopped. */
export async function startSlackSocketMode(options: SlackSocketModeOptions = {}): Promise<SlackSocketMode> {
  const env = options.env ?? process.env;
  const config = slackConfig(env);
  const logger = options.logger ?? createBotLogger('centralops-slack');
  const botToken = requireSetting(config.botToken, 'SLACK_BOT_TOKEN');
  // One client (one connection pool) for the identity tables and the dedupe record.
  const dynamo = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(dynamo);
  const identity = () => createIdentityService({ env, documentClient });
  const keptAnswers = new DynamoKeptAnswers({ client: documentClient });
  const channelMutes = new DynamoChannelMutes({ client: documentClient });
  const threads = new DynamoAnsweredThreads({ client: documentClient });
  const pipeline =
    options.pipeline ??
    createPipeline({
      identity: identity(),
      agent: new AgentRuntimeClient(),
      logger,
      answerButtons: answerButtons(keptAnswers),
    });
  // A caller that brings its own pipeline brings its own actions too (else taps are dropped, logged).
  const actions =
    options.actions ??
    (options.pipeline
      ? undefined
      : createActionPipeline({
          actions: CHAT_ACTIONS,
          identity: identity(),
          access: createDirectoryAccess({ env, documentClient }),
          questions: pipeline,
          keptAnswers,
          channelMutes,
          logger,
        }));
  const worker = createSlackWorker({
    pipeline,
    ...(actions ? { actions } : {}),
    client: createSlackWebClient({ token: botToken, apiUrl: config.apiUrl }),
    logger,
    streamIntervalMs: config.streamIntervalMs,
    maxMessageChars: config.maxMessageChars,
    threads,
  });
  const dispatcher = new InProcessWorkDispatcher<SlackWork>(worker);
  const receiver = new SocketModeReceiver({
    appToken: requireSetting(config.appToken, 'SLACK_APP_TOKEN'),
    logLevel: LogLevel.ERROR,
    // apps.connections.open goes to SLACK_API_URL too (a local stand-in in tests).
    ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
  });
  // The same router as the Lambda ack path; receivers only call processEvent on their app.
  const router = new SlackAckRouter({
    allowList: config.allowList,
    dedupe: options.dedupe ?? DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: dynamo }),
    dispatcher,
    logger,
    threads,
  });
  receiver.init(router as unknown as App);
  await receiver.start();
  logger.info('Slack Socket Mode connected');
  return {
    async stop() {
      await receiver.stop();
      await dispatcher.idle();
    },
  };
}
