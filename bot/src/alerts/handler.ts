/**
 * Lambda entry point of the alert notifier, invoked by the central bus's rules (one per source,
 * contracts/alert-sources.ts) with an EventBridge event: reads it, routes it, queues one delivery
 * per channel (router.ts). Throws only when the deliveries could not be queued, so EventBridge
 * retries the event and, past its retries, keeps it in the rule's dead-letter queue.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { requireSetting } from '#common/env.ts';
import { ALERT_DEDUPE_SCOPES } from '#contracts/alert-sources.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { DynamoDedupe } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import { DynamoAlertChannels } from './alert-channels.ts';
import { alertConfig } from './config.ts';
import { SqsAlertQueue } from './queue.ts';
import { type AlertRouter, createAlertRouter, type RoutedEvent } from './router.ts';

const built = onFirstUse((): AlertRouter => {
  const config = alertConfig();
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo);
  return createAlertRouter({
    registry: new DynamoAccountRegistry({ client: documents }),
    channels: new DynamoAlertChannels({ client: documents }),
    queue: new SqsAlertQueue({ queueUrl: requireSetting(config.queueUrl, 'ALERT_QUEUE_URL') }),
    dedupe: new DynamoDedupe({ scope: ALERT_DEDUPE_SCOPES.router, client: dynamo, inProgressMs: 30_000 }),
    logger: createBotLogger('centralops-alerts'),
    guardDutyMinSeverity: config.guardDutyMinSeverity,
  });
});

export async function handler(event: unknown): Promise<RoutedEvent> {
  return (await built())(event);
}
