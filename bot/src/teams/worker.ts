/**
 * Lambda entry point of the Teams worker, invoked asynchronously by the ack path with a
 * TeamsWorkItem payload: identity, the agent call as the user, and the streamed answer; or a card
 * button's tap, run as the tapper (worker-runner.ts). Built once per sandbox.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditLog } from '#access/audit-log.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { answerButtons, CHAT_ACTIONS } from '../actions/index.ts';
import { createActionPipeline } from '../core/action-pipeline.ts';
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
import { createTeamsAdapter } from './adapter.ts';
import { teamsConfigOnce } from './config.ts';
import type { TeamsWorkItem } from './work.ts';
import { createTeamsWorker, type TeamsWorker } from './worker-runner.ts';

const built = onFirstUse(async (): Promise<{ worker: TeamsWorker; audit: AuditLog }> => {
  const [config, env] = await Promise.all([teamsConfigOnce(), botEnvironment()]);
  // One client (one connection pool) for the identity tables, the dedupe record and the audit.
  const dynamo = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(dynamo);
  const logger = createBotLogger('centralops-teams');
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
  const worker = createTeamsWorker({
    adapter: createTeamsAdapter(config),
    appId: config.appId,
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
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'worker', { client: dynamo }),
  });
  return { worker, audit: observers.audit };
});

export async function handler(work: TeamsWorkItem): Promise<void> {
  const { worker, audit } = await built();
  await worker(work);
  await audit.idle();
}
