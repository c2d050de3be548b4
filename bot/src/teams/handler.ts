/**
 * Lambda entry point of the Teams messaging endpoint (Function URL / HTTP API payload 2.0): the ack
 * path (ack-handler.ts) with its worker invoked asynchronously (WORKER_FUNCTION_NAME), or run in
 * this process when unset (local). Configuration, without the app password, is read once per
 * cold start.
 */

import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import {
  InProcessWorkDispatcher,
  LambdaWorkDispatcher,
  type WorkDispatcher,
} from '../core/work-dispatcher.ts';
import { createTeamsHandler, type TeamsHttpHandler } from './ack-handler.ts';
import { createTeamsAdapter } from './adapter.ts';
import { teamsAckConfigOnce } from './config.ts';
import type { HttpEvent, HttpResult } from './lambda-http.ts';
import type { TeamsWorkItem } from './work.ts';

const built = onFirstUse(async (): Promise<TeamsHttpHandler> => {
  const config = await teamsAckConfigOnce();
  const dispatcher: WorkDispatcher<TeamsWorkItem> = config.workerFunctionName
    ? new LambdaWorkDispatcher({ functionName: config.workerFunctionName })
    : await inProcessWorker();
  return createTeamsHandler({
    adapter: createTeamsAdapter(config),
    allowList: config.allowList,
    dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack'),
    dispatcher,
  });
});

/** Local runs without WORKER_FUNCTION_NAME: the worker runs in this process. */
async function inProcessWorker(): Promise<WorkDispatcher<TeamsWorkItem>> {
  const { handler: worker } = await import('./worker.ts');
  return new InProcessWorkDispatcher(worker);
}

export async function handler(event: HttpEvent): Promise<HttpResult> {
  return (await built())(event);
}
