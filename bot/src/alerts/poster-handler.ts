/**
 * Lambda entry point of the alert poster, fed by the FIFO queue (one message group per channel):
 * each record is one delivery, posted in order (Powertools' FIFO batch processor: a record that
 * fails leaves it and the rest of its channel's records in the queue, in order, reported as batch
 * item failures; the other channels go on). A delivery is claimed once (Powertools Idempotency on
 * its id), since SQS may deliver a message twice.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readEnv } from '#common/env.ts';
import { ALERT_DEDUPE_SCOPES } from '#contracts/alert-sources.ts';
import { createBotMetrics } from '../core/bot-metrics.ts';
import { DynamoChannelMutes } from '../core/channel-mutes.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import { botEnvironment } from '../core/secrets.ts';
import { slackConfig } from '../slack/config.ts';
import { createSlackWebClient } from '../slack/web-client.ts';
import { createTeamsAdapter } from '../teams/adapter.ts';
import { loadTeamsConfig } from '../teams/config.ts';
import { DynamoAlertStateStore } from './alert-state.ts';
import { ChannelPacer } from './channel-pacer.ts';
import type { AlertChannelPoster } from './channel-poster.ts';
import { alertConfig } from './config.ts';
import { createDeliveryConsumer, type DeliveryConsumer } from './delivery-consumer.ts';
import { createAlertPoster } from './poster.ts';
import { SlackAlertPoster } from './slack-poster.ts';
import { TeamsAlertPoster } from './teams-poster.ts';

const built = onFirstUse(async (): Promise<DeliveryConsumer> => {
  const env = await botEnvironment();
  const config = alertConfig(env);
  const logger = createBotLogger('centralops-alerts');
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const posters: { slack?: AlertChannelPoster; teams?: AlertChannelPoster } = {};
  const slack = slackConfig(env);
  if (slack.botToken)
    posters.slack = new SlackAlertPoster(
      createSlackWebClient({ token: slack.botToken, apiUrl: slack.apiUrl }),
    );
  if (readEnv(env).text('MICROSOFT_APP_ID')) {
    const teams = loadTeamsConfig(env);
    posters.teams = new TeamsAlertPoster({
      adapter: createTeamsAdapter(teams),
      appId: teams.appId,
      serviceUrl: config.teamsServiceUrl,
    });
  }
  return createDeliveryConsumer({
    poster: createAlertPoster({
      state: new DynamoAlertStateStore({ client: documents }),
      mutes: new DynamoChannelMutes({ client: documents }),
      posters,
      pacer: new ChannelPacer({ intervalMs: config.postIntervalMs }),
      logger,
      flapChanges: config.flapChanges,
      flapWindowMs: config.flapWindowMs,
    }),
    dedupe: new DynamoDedupe({ scope: ALERT_DEDUPE_SCOPES.poster, client: dynamo, inProgressMs: 120_000 }),
    logger,
    metrics: createBotMetrics(),
  });
});

/**
 * One batch of the FIFO queue: each record through `consume`, in order; a record that throws, and
 * the records of its message group after it, are reported as batch item failures (they stay queued,
 * in order), while the other groups' records go on.
 */
export function processDeliveries(
  event: SQSEvent,
  context: Context,
  consume: DeliveryConsumer,
): Promise<SQSBatchResponse> {
  return processPartialResponse(
    event,
    async (record: SQSRecord) => consume(record.body),
    new SqsFifoPartialProcessorAsync(),
    { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processDeliveries(event, context, await built());
}
