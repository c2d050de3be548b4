/**
 * The alert notifier on one machine, as the local stack, the tests and the bench run it: the real
 * router and poster, the FIFO queue's discipline in this process (each channel in order, channels
 * side by side), dynalite for the registry, threads, mutes and dedupe, and the real Slack WebClient
 * and Teams adapter against their stand-ins. `put(event)` is what the central bus's rules do.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebClient } from '@slack/web-api';
import type { CloudAdapter } from 'botbuilder';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { DynamoAlertChannels } from '#bot/src/alerts/alert-channels.ts';
import { DynamoAlertStateStore } from '#bot/src/alerts/alert-state.ts';
import { ChannelPacer } from '#bot/src/alerts/channel-pacer.ts';
import type { AlertChannelPoster } from '#bot/src/alerts/channel-poster.ts';
import type { AlertDelivery } from '#bot/src/alerts/delivery.ts';
import { createDeliveryConsumer } from '#bot/src/alerts/delivery-consumer.ts';
import { createAlertPoster } from '#bot/src/alerts/poster.ts';
import { InProcessAlertQueue } from '#bot/src/alerts/queue.ts';
import { createAlertRouter, type RoutedEvent } from '#bot/src/alerts/router.ts';
import { SlackAlertPoster } from '#bot/src/alerts/slack-poster.ts';
import { TeamsAlertPoster } from '#bot/src/alerts/teams-poster.ts';
import { type ChannelMutes, DynamoChannelMutes } from '#bot/src/core/channel-mutes.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import type { MetricsEmitter } from '#common/metrics.ts';
import { ALERT_DEDUPE_SCOPES, type AlertSourceOptions, alertSources } from '#contracts/alert-sources.ts';
import type { SlackMessage } from '../stand-ins/slack-web-api.ts';
import { matchesPattern } from './event-pattern.ts';

export interface LocalAlertNotifierOptions {
  /** Each post's outcome, as the deployed poster writes it. @default none */
  readonly metrics?: MetricsEmitter;
  readonly dynamo: { readonly client: DynamoDBClient; readonly documentClient: DynamoDBDocumentClient };
  readonly logger: Logger;
  /** Slack's Web API client (against the stand-in). @default no Slack posts */
  readonly slack?: WebClient;
  /** The Teams adapter and the connector's URL. @default no Teams posts */
  readonly teams?: { readonly adapter: CloudAdapter; readonly serviceUrl: string; readonly appId?: string };
  /** @default 1_000 */
  readonly postIntervalMs?: number;
  readonly flapChanges?: number;
  readonly flapWindowMs?: number;
  /** The rules' options (the GuardDuty floor). */
  readonly sources?: AlertSourceOptions;
  /** Where a delivery goes after its retries (SQS: the dead-letter queue). */
  readonly onDeadLetter?: (delivery: AlertDelivery, error: unknown) => void;
  /** @default Date.now */
  readonly now?: () => number;
  /** The channels' mutes, shared with the Mute action that writes them. @default the state table's in `dynamo` */
  readonly mutes?: ChannelMutes;
}

export interface LocalAlertNotifier {
  /**
   * As the central bus does: the event goes to the notifier when a rule's pattern matches it
   * (otherwise `undefined`); resolves once its deliveries are queued.
   */
  put(event: unknown): Promise<RoutedEvent | undefined>;
  /** Resolves once every queued delivery has been posted (or dead-lettered). */
  idle(): Promise<void>;
  readonly state: DynamoAlertStateStore;
  /** The channels' mutes, in the same table. */
  readonly mutes: ChannelMutes;
}

export function startLocalAlertNotifier(options: LocalAlertNotifierOptions): LocalAlertNotifier {
  const { dynamo, logger } = options;
  const state = new DynamoAlertStateStore({
    client: dynamo.documentClient,
    ...(options.now ? { now: options.now } : {}),
  });
  const mutes =
    options.mutes ??
    new DynamoChannelMutes({
      client: dynamo.documentClient,
      ...(options.now ? { now: options.now } : {}),
    });
  const posters: { slack?: AlertChannelPoster; teams?: AlertChannelPoster } = {};
  if (options.slack) posters.slack = new SlackAlertPoster(options.slack);
  if (options.teams) posters.teams = new TeamsAlertPoster(options.teams);
  const consume = createDeliveryConsumer({
    poster: createAlertPoster({
      state,
      mutes,
      posters,
      pacer: new ChannelPacer({ intervalMs: options.postIntervalMs ?? 1_000 }),
      logger,
      ...(options.flapChanges ? { flapChanges: options.flapChanges } : {}),
      ...(options.flapWindowMs ? { flapWindowMs: options.flapWindowMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
    dedupe: new DynamoDedupe({ scope: ALERT_DEDUPE_SCOPES.poster, client: dynamo.client }),
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  // Deliveries travel as SQS message bodies do: serialized, and read back by the consumer.
  const queue = new InProcessAlertQueue((delivery) => consume(JSON.stringify(delivery)), {
    ...(options.onDeadLetter ? { onFailure: options.onDeadLetter } : {}),
  });
  const route = createAlertRouter({
    registry: new DynamoAccountRegistry({ client: dynamo.documentClient, cacheTtlMs: 1_000 }),
    channels: new DynamoAlertChannels({ client: dynamo.documentClient, cacheTtlMs: 1_000 }),
    queue,
    dedupe: new DynamoDedupe({ scope: ALERT_DEDUPE_SCOPES.router, client: dynamo.client }),
    logger,
    ...(options.sources?.guardDutyMinSeverity
      ? { guardDutyMinSeverity: options.sources.guardDutyMinSeverity }
      : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    async put(event) {
      const matched = alertSources().some((source) => matchesPattern(source.pattern(options.sources), event));
      return matched ? route(event) : undefined;
    },
    idle: () => queue.idle(),
    state,
    mutes,
  };
}

/**
 * What an alert root posted to the Slack stand-in names, as its header reads it (`🔴 ALARM ·
 * ServerCpuTooHigh` → `ServerCpuTooHigh`): how benches and tests count the alerts posted.
 */
export function postedAlertName(message: Pick<SlackMessage, 'text'>): string | undefined {
  return message.text.split('\n')[0]?.split(' · ')[1];
}
