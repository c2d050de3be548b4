import { cpSync } from 'node:fs';
import path from 'node:path';
import { Annotations, AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Bundle } from '../bundles.ts';
import { anyOccurrenceAlarm, notifyAlarmTopic, queueDepth } from './alarms.ts';
import { EncryptedQueue } from './encrypted-queue.ts';

export interface BundledFunctionProps {
  /** The esbuild bundle (from scripts/build.ts) holding `index.mjs` with its `handler` export. */
  readonly bundle: Bundle;
  readonly description: string;
  /** @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Files deployed beside `index.mjs`: path in the code asset → path on disk (data the function
   * reads at run time). @default {}
   */
  readonly assetFiles?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default a new role with AWSLambdaBasicExecutionRole */
  readonly role?: iam.IRole;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
  /**
   * Caps the function's concurrency (and reserves it): a public endpoint flooded with junk cannot
   * take the account's whole Lambda concurrency. @default undefined: unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * For functions invoked asynchronously: an invocation that fails (crash, timeout, throttled past
   * 15 minutes) goes to a queue whose depth is alarmed, never retried (the function dedupes, so a
   * retry would be dropped as a repeat and hide the failure). @default false: Lambda's defaults
   */
  readonly failureQueue?: boolean;
}

/**
 * One CentralOps Lambda: Node.js 22 on arm64, running a bundle of scripts/build.ts, with its own
 * log group, active tracing, and alarms on errors and throttles (and on failed asynchronous
 * invocations, when they go to a queue).
 */
export class BundledFunction extends Construct {
  readonly function: lambda.Function;
  readonly alarms: readonly cloudwatch.Alarm[];
  /** Where failed asynchronous invocations go, when `failureQueue` was asked for. */
  readonly failureQueue: sqs.Queue | undefined;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    if (props.bundle.status === 'missing') {
      Annotations.of(this).addWarning(
        `${props.bundle.entry} does not exist yet: this function's code is a stub that throws at load`,
      );
    }
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays ?? 30,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: codeAsset(props.bundle.dir, props.assetFiles ?? {}),
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      logGroup,
      role: props.role,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Active tracing: each invocation continues its caller's trace (the ack path's, the Gateway's)
      // and the AWS SDK carries it on to every call.
      tracing: lambda.Tracing.ACTIVE,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    this.failureQueue = props.failureQueue ? this.sendFailuresToQueue() : undefined;
    this.alarms = [
      this.alarm('Errors', this.function.metricErrors({ period: Duration.minutes(5) })),
      this.alarm('Throttles', this.function.metricThrottles({ period: Duration.minutes(5) })),
      ...(this.failureQueue ? [this.alarm('FailedInvocations', queueDepth(this.failureQueue))] : []),
    ];
    notifyAlarmTopic(this, this.alarms, props.alarmTopicArn);
  }

  private sendFailuresToQueue(): sqs.Queue {
    const queue = new EncryptedQueue(this, 'FailureQueue');
    this.function.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(queue),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(15),
    });
    return queue;
  }

  private alarm(name: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    return anyOccurrenceAlarm(
      this,
      `${name}Alarm`,
      metric,
      `${this.node.path}: ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} in the last 5 minutes`,
    );
  }
}

/** The bundle's directory as the code asset, with `files` copied in (at synth, by local bundling). */
function codeAsset(dir: string, files: Readonly<Record<string, string>>): lambda.Code {
  if (Object.keys(files).length === 0) return lambda.Code.fromAsset(dir);
  return lambda.Code.fromAsset(dir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds (CDK requires an image all the same).
      image: DockerImage.fromRegistry('scratch'),
      local: {
        tryBundle(outputDir) {
          cpSync(dir, outputDir, { recursive: true });
          for (const [target, source] of Object.entries(files)) {
            cpSync(source, path.join(outputDir, target), { recursive: true, dereference: true });
          }
          return true;
        },
      },
    },
  });
}
