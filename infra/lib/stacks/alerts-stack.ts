import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  ALERT_DEDUPE_SCOPES,
  ALERT_SOURCES,
  alertSources,
  DEFAULT_GUARDDUTY_MIN_SEVERITY,
} from '#contracts/alert-sources.ts';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { dedupeKeyPrefix, STATE_KEY_PREFIXES } from '#contracts/tables.ts';
import type { Bundle } from '../bundles.ts';
import { stackPrefix } from '../config.ts';
import { anyOccurrenceAlarm, notifyAlarmTopic, queueDepth } from '../constructs/alarms.ts';
import { BundledFunction } from '../constructs/bundled-function.ts';
import {
  type ChatPlatformResources,
  grantPlatformSecrets,
  platformEnvironment,
} from '../constructs/chat-platform.ts';
import { EncryptedQueue } from '../constructs/encrypted-queue.ts';
import { ALERT_STATE_ACTIONS, DEDUPE_ACTIONS, PUT_ALERT_EVENTS_ACTIONS } from '../perms.ts';
import { grantItemsUnder, tableEnvironment } from './data-stack.ts';

export interface AlertsStackProps extends StackProps {
  readonly routerBundle: Bundle;
  readonly posterBundle: Bundle;
  readonly accountsTable: dynamodb.ITable;
  readonly channelsTable: dynamodb.ITable;
  readonly stateTable: dynamodb.ITable;
  /** The chat platforms' settings and secrets (ChatSecretsStack): the poster posts with the workers' credentials. */
  readonly platforms: ChatPlatformResources;
  /** Only accounts of this organization may put events on the bus. */
  readonly orgId: string;
  /** @default 'dev' */
  readonly envName?: string;
  /** GuardDuty findings below this severity are not posted. @default DEFAULT_GUARDDUTY_MIN_SEVERITY */
  readonly guardDutyMinSeverity?: number;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
}

/** Deliveries of one channel retried this often (each after the visibility timeout) before the dead-letter queue. */
const MAX_RECEIVES = 10;

/**
 * Alerts from every member account into the incident channels. Member accounts' rules (the
 * member-alerts StackSet template) forward the four sources' events to this bus, which only the
 * organization may put to; a rule per source invokes the router, which queues one delivery per
 * channel on a FIFO queue (message group = channel); the poster posts them in order, paced.
 * Nothing is lost: the rules retry for a day then keep the event in their dead-letter queue, and a
 * delivery that keeps failing lands in the queue's; both are alarmed.
 */
export class AlertsStack extends Stack {
  readonly bus: events.EventBus;
  readonly router: BundledFunction;
  readonly poster: BundledFunction;
  readonly deliveries: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertsStackProps) {
    super(scope, id, props);
    const envName = props.envName ?? 'dev';
    const common = { logRetentionDays: props.logRetentionDays, alarmTopicArn: props.alarmTopicArn };

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `centralops-alerts-${envName}` });
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationPutsEvents',
        principals: [new iam.AnyPrincipal()],
        actions: [...PUT_ALERT_EVENTS_ACTIONS],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.orgId } },
      }),
    );

    const queueDeadLetters = new EncryptedQueue(this, 'DeliveryDeadLetters', { fifo: true });
    this.deliveries = new EncryptedQueue(this, 'Deliveries', {
      fifo: true,
      // A message waits out the poster's whole run (and its Retry-After waits) before it is tried again.
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: queueDeadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    this.router = new BundledFunction(this, 'AlertsRouter', {
      ...common,
      bundle: props.routerBundle,
      description:
        'CentralOps alert router: EventBridge alert → registry, routing → one delivery per channel',
      timeout: Duration.seconds(30),
      environment: {
        ...tableEnvironment({
          accounts: props.accountsTable,
          channels: props.channelsTable,
          state: props.stateTable,
        }),
        ALERT_QUEUE_URL: this.deliveries.queueUrl,
        GUARDDUTY_MIN_SEVERITY: String(props.guardDutyMinSeverity ?? DEFAULT_GUARDDUTY_MIN_SEVERITY),
      },
    });
    props.accountsTable.grantReadData(this.router.function);
    props.channelsTable.grantReadData(this.router.function);
    grantItemsUnder(props.stateTable, this.router.function, DEDUPE_ACTIONS, [
      dedupeKeyPrefix(ALERT_DEDUPE_SCOPES.router),
    ]);
    this.deliveries.grantSendMessages(this.router.function);

    const ruleDeadLetters = new EncryptedQueue(this, 'RuleDeadLetters', { fifo: false });
    const toRouter = () =>
      new targets.LambdaFunction(this.router.function, {
        deadLetterQueue: ruleDeadLetters,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      });
    for (const source of alertSources()) {
      new events.Rule(this, `${source.id[0]!.toUpperCase()}${source.id.slice(1)}Rule`, {
        eventBus: this.bus,
        description: `CentralOps: ${source.title} events from member accounts → the alert router`,
        eventPattern: source.pattern({
          guardDutyMinSeverity: props.guardDutyMinSeverity,
        }) as events.EventPattern,
        targets: [toRouter()],
      });
    }
    // CentralOps' own alarms (named after their stacks, CentralOps-<env>-…) change state on this
    // account's default bus: routed like any alarm, so a channel whose `alerts:` takes the central
    // account (registered like a member) is told in chat as well as through the alarm topic.
    new events.Rule(this, 'OwnAlarmsRule', {
      description: 'CentralOps: its own alarms → the alert router',
      eventPattern: {
        ...(ALERT_SOURCES.alarm.pattern() as events.EventPattern),
        detail: { alarmName: [{ prefix: `${stackPrefix({ envName })}-` }] },
      },
      targets: [toRouter()],
    });

    const platformVariables = Object.assign(
      {},
      ...chatPlatforms().map((platform) => platformEnvironment(platform, 'worker', props.platforms)),
    ) as Record<string, string>;
    this.poster = new BundledFunction(this, 'AlertsPoster', {
      ...common,
      bundle: props.posterBundle,
      description: 'CentralOps alert poster: one channel’s deliveries in order, paced, threads kept',
      timeout: Duration.minutes(1),
      environment: { ...tableEnvironment({ state: props.stateTable }), ...platformVariables },
    });
    for (const platform of chatPlatforms())
      grantPlatformSecrets(this.poster.function, platform, 'worker', props.platforms);
    grantItemsUnder(props.stateTable, this.poster.function, ALERT_STATE_ACTIONS, [
      STATE_KEY_PREFIXES.alert,
      STATE_KEY_PREFIXES.mute,
    ]);
    grantItemsUnder(props.stateTable, this.poster.function, DEDUPE_ACTIONS, [
      dedupeKeyPrefix(ALERT_DEDUPE_SCOPES.poster),
    ]);
    this.poster.function.addEventSource(
      new lambdaEvents.SqsEventSource(this.deliveries, { batchSize: 10, reportBatchItemFailures: true }),
    );

    const deadLetterAlarms = (
      [
        ['RuleDeadLetters', ruleDeadLetters],
        ['DeliveryDeadLetters', queueDeadLetters],
      ] as const
    ).map(([name, queue]) =>
      anyOccurrenceAlarm(
        this,
        `${name}Alarm`,
        queueDepth(queue),
        `${this.node.path}/${name}: alerts that could not be posted are waiting there`,
      ),
    );
    notifyAlarmTopic(this, deadLetterAlarms, props.alarmTopicArn);

    new CfnOutput(this, 'AlertBusArn', {
      value: this.bus.eventBusArn,
      description: 'CentralEventBusArn of the member-alerts StackSet',
    });
  }
}
