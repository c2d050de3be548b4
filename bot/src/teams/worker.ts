/**
 * Lambda entry point of the Teams worker, invoked asynchronously by the ack path with a
 * TeamsWorkItem payload: identity, the agent call as the user, and the streamed answer
 * (worker-runner.ts). Built once per sandbox.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditLog } from '#access/audit-log.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import { createPipeline } from '../core/pipeline.ts';
import { botEnvironment } from '../core/secrets.ts';
import { workerObservers } from '../core/worker-observers.ts';
import { createIdentityService } from '../identity/index.ts';
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
  const worker = createTeamsWorker({
    adapter: createTeamsAdapter(config),
    appId: config.appId,
    pipeline: createPipeline({
      identity: createIdentityService({ env, documentClient }),
      agent: new AgentRuntimeClient(),
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
