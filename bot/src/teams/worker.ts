/**
 * Lambda entry point of the Teams worker, invoked asynchronously by the ack path with a
 * TeamsWorkItem payload: identity, the agent call as the user, and the streamed answer; or a card
 * button's tap, run as the tapper (worker-runner.ts). Built once per sandbox.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { answerButtons, CHAT_ACTIONS } from '../actions/index.ts';
import { createActionPipeline } from '../core/action-pipeline.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { DynamoKeptAnswers } from '../core/kept-answers.ts';
import { createPipeline } from '../core/pipeline.ts';
import { botEnvironment } from '../core/secrets.ts';
import { createDirectoryAccess, createIdentityService } from '../identity/index.ts';
import { AgentRuntimeClient } from '../runtime/agent-runtime-client.ts';
import { createTeamsAdapter } from './adapter.ts';
import { teamsConfigOnce } from './config.ts';
import type { TeamsWorkItem } from './work.ts';
import { createTeamsWorker, type TeamsWorker } from './worker-runner.ts';

const built = onFirstUse(async (): Promise<TeamsWorker> => {
  const [config, env] = await Promise.all([teamsConfigOnce(), botEnvironment()]);
  // One client (one connection pool) for the identity tables and the dedupe record.
  const dynamo = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(dynamo);
  const identity = createIdentityService({ env, documentClient });
  const keptAnswers = new DynamoKeptAnswers({ client: documentClient });
  const pipeline = createPipeline({
    identity,
    agent: new AgentRuntimeClient(),
    answerButtons: answerButtons(keptAnswers),
  });
  return createTeamsWorker({
    adapter: createTeamsAdapter(config),
    appId: config.appId,
    pipeline,
    actions: createActionPipeline({
      actions: CHAT_ACTIONS,
      identity,
      access: createDirectoryAccess({ env, documentClient }),
      questions: pipeline,
      keptAnswers,
    }),
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'worker', { client: dynamo }),
  });
});

export async function handler(work: TeamsWorkItem): Promise<void> {
  await (await built())(work);
}
