import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Bundle } from '../../../scripts/build.ts';

export interface BundledFunctionProps {
  /** The esbuild bundle (from scripts/build.ts) holding `index.mjs` with its `handler` export. */
  readonly bundle: Bundle;
  readonly description: string;
  /** @default {} */
  readonly environment?: Readonly<Record<string, string>>;
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
}

/**
 * One CentralOps Lambda: Node.js 22 on arm64, running a bundle of scripts/build.ts, with its own
 * log group and alarms on errors and throttles.
 */
export class BundledFunction extends Construct {
  readonly function: lambda.Function;
  readonly alarms: readonly cloudwatch.Alarm[];

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
      code: lambda.Code.fromAsset(props.bundle.dir),
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      logGroup,
      role: props.role,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });
    this.alarms = [
      this.alarm('Errors', this.function.metricErrors({ period: Duration.minutes(5) })),
      this.alarm('Throttles', this.function.metricThrottles({ period: Duration.minutes(5) })),
    ];
    if (props.alarmTopicArn) {
      const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
      const action = new cloudwatchActions.SnsAction(topic);
      for (const alarm of this.alarms) alarm.addAlarmAction(action);
    }
  }

  private alarm(name: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, `${name}Alarm`, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.node.path}: ${name.toLowerCase()} in the last 5 minutes`,
    });
  }
}
