import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '#common/errors.ts';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import {
  ORGANIZATION_EVENT_PATTERN,
  type OrganizationAccess,
  organizationAccessSchema,
  ROLE_PROBE_IDENTITY,
  SYNC_REGISTRY_DIR,
} from '#contracts/registry-sync.ts';
import type { Bundle } from '../bundles.ts';
import { anyOccurrenceAlarm, notifyAlarmTopic, queueDepth } from '../constructs/alarms.ts';
import { BundledFunction } from '../constructs/bundled-function.ts';
import { EncryptedQueue } from '../constructs/encrypted-queue.ts';
import {
  ASSUME_ORGANIZATION_READ_ROLE_ACTIONS,
  ASSUME_TARGET_ROLE_ACTIONS,
  FORWARD_EVENTS_ACTIONS,
  REGISTRY_SYNC_TABLE_ACTIONS,
} from '../perms.ts';
import { tableEnvironment } from './data-stack.ts';

export interface RegistrySyncStackProps extends StackProps {
  /** The registry-sync bundle (registry-seed/src/organizations/handler.ts). */
  readonly bundle: Bundle;
  /** The account registry the sync writes. */
  readonly accountsTable: dynamodb.ITable;
  /** Directory of rules.yaml (required) and accounts.yaml (overrides), deployed beside the bundle. */
  readonly registryDir: string;
  /** Name of the sync's role: the organization-read role and the member roles trust exactly it. */
  readonly roleName: string;
  /** AWS Organizations id: the member-role probe stays inside it. */
  readonly orgId: string;
  /** Role probed in member accounts (TARGET_ROLE_NAME). */
  readonly targetRoleName: string;
  /** @default undefined: no ExternalId */
  readonly externalId?: string;
  /** Account allowed to forward Organizations events to the sync's bus. @default the account of rules.yaml's roleArn */
  readonly managementAccountId?: string;
  /** Part of the bus's name: `centralops-<envName>-organization-events`. */
  readonly envName: string;
  /** @default events.Schedule.rate(Duration.days(1)) */
  readonly schedule?: events.Schedule;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
}

/**
 * rules.yaml's `organization:` block, read at synth: the role the sync may assume is the one the
 * rules name, and a deploy with no usable role fails here. The sync validates the whole file, with
 * file:line, when it runs (`npm run seed -- --from-organizations --dry-run` checks it before a deploy).
 */
function readOrganizationAccess(rulesPath: string): OrganizationAccess {
  let rules: { organization?: unknown } | null;
  try {
    rules = parseYaml(readFileSync(rulesPath, 'utf8')) as typeof rules;
  } catch (cause) {
    throw new ConfigError(`registryDir: cannot read ${rulesPath}`, { cause });
  }
  const access = organizationAccessSchema.safeParse(rules?.organization);
  if (!access.success) {
    const [issue] = access.error.issues;
    const field = ['organization', ...(issue?.path ?? [])].join('.');
    throw new ConfigError(`registryDir: ${rulesPath} ${field}: ${issue?.message ?? 'is invalid'}`);
  }
  return access.data;
}

/** Longest one sync may run (an organization of thousands of accounts, throttled). */
const SYNC_TIMEOUT = Duration.minutes(15);

/**
 * The registry following AWS Organizations: a daily schedule and the organization's account events
 * (forwarded by the management account to this stack's bus) queue up; a Lambda runs one sync per
 * batch, the code of `npm run seed -- --from-organizations`, with the rules deployed beside it.
 */
export class RegistrySyncStack extends Stack {
  readonly sync: BundledFunction;
  readonly role: iam.Role;
  readonly queue: sqs.Queue;
  readonly eventBus: events.EventBus;

  constructor(scope: Construct, id: string, props: RegistrySyncStackProps) {
    super(scope, id, props);
    const readRoleArn = readOrganizationAccess(path.join(props.registryDir, REGISTRY_FILES.rules)).roleArn;
    const managementAccountId = props.managementAccountId ?? readRoleArn.split(':')[4]!;

    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'CentralOps registry sync: reads the organization, probes the member role',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ],
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOrganization',
        actions: [...ASSUME_ORGANIZATION_READ_ROLE_ACTIONS],
        resources: [readRoleArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ProbeMemberTargetRole',
        actions: [...ASSUME_TARGET_ROLE_ACTIONS],
        resources: [`arn:${Stack.of(this).partition}:iam::*:role/${props.targetRoleName}`],
        // Only probe sessions: the member role denies this SourceIdentity every action.
        conditions: {
          StringEquals: {
            'aws:ResourceOrgID': props.orgId,
            'sts:SourceIdentity': ROLE_PROBE_IDENTITY,
            'sts:RoleSessionName': ROLE_PROBE_IDENTITY,
          },
        },
      }),
    );

    this.sync = new BundledFunction(this, 'Sync', {
      bundle: props.bundle,
      description: 'CentralOps registry sync: the account registry follows AWS Organizations',
      timeout: SYNC_TIMEOUT,
      memorySize: 1024,
      logRetentionDays: props.logRetentionDays,
      alarmTopicArn: props.alarmTopicArn,
      role: this.role,
      assetFiles: Object.fromEntries(
        [REGISTRY_FILES.rules, REGISTRY_FILES.accounts].map((file) => [
          `${SYNC_REGISTRY_DIR}/${file}`,
          path.join(props.registryDir, file),
        ]),
      ),
      environment: {
        ...tableEnvironment({ accounts: props.accountsTable }),
        TARGET_ROLE_NAME: props.targetRoleName,
        ...(props.externalId ? { EXTERNAL_ID: props.externalId } : {}),
      },
    });
    props.accountsTable.grant(this.sync.function, ...REGISTRY_SYNC_TABLE_ACTIONS);

    const deadLetters = new EncryptedQueue(this, 'DeadLetterQueue');
    this.queue = new EncryptedQueue(this, 'Triggers', {
      // SQS's default, 4 days: a trigger only asks for a sync, and the daily schedule runs one anyway.
      retentionPeriod: Duration.days(4),
      // Six times the function's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.minutes(90),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    // One sync per batch: a burst of account events (or the schedule with them) costs one run.
    this.sync.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 100,
        maxBatchingWindow: Duration.minutes(1),
        maxConcurrency: 2,
      }),
    );

    this.eventBus = new events.EventBus(this, 'OrganizationEvents', {
      eventBusName: `centralops-${props.envName}-organization-events`,
    });
    this.eventBus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ManagementAccountForwardsOrganizationEvents',
        principals: [new iam.AccountPrincipal(managementAccountId)],
        actions: [...FORWARD_EVENTS_ACTIONS],
        resources: [this.eventBus.eventBusArn],
      }),
    );
    new events.Rule(this, 'OrganizationEventsRule', {
      eventBus: this.eventBus,
      description: 'Accounts created, joined, moved, tagged, closed or gone: sync the registry',
      eventPattern: {
        source: [...ORGANIZATION_EVENT_PATTERN.source],
        detailType: [...ORGANIZATION_EVENT_PATTERN.detailType],
        detail: {
          eventSource: [...ORGANIZATION_EVENT_PATTERN.detail.eventSource],
          eventName: [...ORGANIZATION_EVENT_PATTERN.detail.eventName],
        },
      },
      targets: [new targets.SqsQueue(this.queue)],
    });
    new events.Rule(this, 'Schedule', {
      description: 'Daily registry sync',
      schedule: props.schedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.SqsQueue(this.queue)],
    });

    const deadLettered = anyOccurrenceAlarm(
      this,
      'DeadLetterAlarm',
      queueDepth(deadLetters),
      `${this.node.path}: registry syncs failed 3 times; the registry may lag the organization`,
    );
    notifyAlarmTopic(this, [deadLettered], props.alarmTopicArn);

    new CfnOutput(this, 'OrganizationEventBusArn', {
      value: this.eventBus.eventBusArn,
      description: 'OrganizationEventBusArn of infra/templates/organizations-access.template.json',
    });
  }
}
