import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { METRIC_SERVICES, METRICS, METRICS_NAMESPACE } from '#contracts/metrics.ts';
import type { BundledFunction } from '../constructs/bundled-function.ts';

export interface ObservabilityStackProps extends StackProps {
  /** Every CentralOps Lambda: their errors, throttles and failure queues (DLQs). */
  readonly functions: Readonly<Record<string, BundledFunction>>;
  readonly runtime: agentcore.IBedrockAgentRuntime;
  readonly gateway: agentcore.IGateway;
  /** The model the agent streams from (AWS/Bedrock `ModelId`). */
  readonly modelId: string;
  /** Name of the alarm topic created when `alarmTopicArn` is not given. */
  readonly alarmTopicName: string;
  /** An operator's topic that receives every alarm. @default undefined: the stack creates one */
  readonly alarmTopicArn?: string;
  /** @default 'dev' */
  readonly envName?: string;
}

/** Thresholds of the alarms, in one place (docs/deploy.md explains them). */
export const ALARM_THRESHOLDS = {
  /** p99 of the time to first text, ms, three 5-minute periods in a row. */
  timeToFirstTextP99Ms: 15_000,
  /** p50 of the same, ms. */
  timeToFirstTextP50Ms: 5_000,
  /** Questions failed, % of questions, over 15 minutes with at least `minQuestions`. */
  errorRatePercent: 5,
  /** Questions refused, %, over 30 minutes: a policy or identity misconfiguration looks like this. */
  refusalRatePercent: 50,
  minQuestions: 5,
  /** Throttled requests to the runtime, the Gateway or the model in 5 minutes. */
  throttles: 5,
} as const;

const PERIOD = Duration.minutes(5);

/**
 * What the on-call team of CentralOps itself looks at: a CloudWatch dashboard (time to first text
 * and to final, questions, error and refusal rates, errors by part, refusals by reason, accounts per
 * question, fan-out failures, chat API retries, alert deliveries, DLQ depths, throttles) and alarms
 * on it, all sent to one SNS topic: the operator's (`alarmTopicArn`) or `centralops-<env>-alarms`.
 */
export class ObservabilityStack extends Stack {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly alarmTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    this.alarmTopic = props.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn)
      : this.createAlarmTopic(props.alarmTopicName);
    /** A CentralOps metric under `service` alone: the aggregate EMF publishes for each part. */
    const ofService = (service: string) => (name: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service },
        statistic,
        period: PERIOD,
      });
    const bot = ofService(METRIC_SERVICES.bot);
    const agent = ofService(METRIC_SERVICES.agent);
    const search = (name: string, by: string, statistic: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service,${by}} MetricName="${name}"', '${statistic}', ${PERIOD.toSeconds()})`,
        label,
        period: PERIOD,
      });

    const firstTextP50 = bot(METRICS.timeToFirstText.name, 'p50');
    const firstTextP99 = bot(METRICS.timeToFirstText.name, 'p99');
    const questions = bot(METRICS.questions.name, 'Sum');
    // `id`: a prefix of the expression's metric ids, unique on a graph holding both rates.
    const rate = (id: string, label: string, failed: cloudwatch.IMetric[], window: Duration) =>
      new cloudwatch.MathExpression({
        expression: `IF(${id}q >= ${ALARM_THRESHOLDS.minQuestions}, 100 * (${failed.map((_, i) => `${id}${i}`).join(' + ')}) / ${id}q, 0)`,
        usingMetrics: {
          [`${id}q`]: questions,
          ...Object.fromEntries(failed.map((metric, i) => [`${id}${i}`, metric])),
        },
        label,
        period: window,
      });
    const errorRate = rate(
      'errors',
      'Errors, % of questions',
      [bot(METRICS.botErrors.name, 'Sum'), agent(METRICS.agentErrors.name, 'Sum')],
      Duration.minutes(15),
    );
    const refusalRate = rate(
      'refusals',
      'Refusals, % of questions',
      [bot(METRICS.botRefusals.name, 'Sum'), agent(METRICS.agentRefusals.name, 'Sum')],
      Duration.minutes(30),
    );
    const functions = Object.entries(props.functions);
    const failureQueues = functions.flatMap(([name, fn]) =>
      fn.failureQueue
        ? [
            fn.failureQueue.metricApproximateNumberOfMessagesVisible({
              period: PERIOD,
              statistic: 'Maximum',
              label: name,
            }),
          ]
        : [],
    );
    const modelThrottles = new cloudwatch.Metric({
      namespace: 'AWS/Bedrock',
      metricName: 'InvocationThrottles',
      dimensionsMap: { ModelId: props.modelId },
      statistic: 'Sum',
      period: PERIOD,
    });
    const runtimeThrottles = props.runtime.metricThrottles({ period: PERIOD, statistic: 'Sum' });
    const gatewayThrottles = props.gateway.metricThrottles({ period: PERIOD, statistic: 'Sum' });

    this.alarms = [
      this.alarm(
        'TimeToFirstTextP99',
        firstTextP99,
        ALARM_THRESHOLDS.timeToFirstTextP99Ms,
        3,
        'p99 time to first text',
      ),
      this.alarm(
        'TimeToFirstTextP50',
        firstTextP50,
        ALARM_THRESHOLDS.timeToFirstTextP50Ms,
        3,
        'p50 time to first text',
      ),
      this.alarm(
        'ErrorRate',
        errorRate,
        ALARM_THRESHOLDS.errorRatePercent,
        1,
        'questions failed, % of questions',
      ),
      this.alarm(
        'RefusalRate',
        refusalRate,
        ALARM_THRESHOLDS.refusalRatePercent,
        1,
        'questions refused, % of questions',
      ),
      this.alarm(
        'RuntimeThrottles',
        runtimeThrottles,
        ALARM_THRESHOLDS.throttles,
        1,
        'agent runtime throttled requests',
      ),
      this.alarm(
        'GatewayThrottles',
        gatewayThrottles,
        ALARM_THRESHOLDS.throttles,
        1,
        'Gateway throttled requests',
      ),
      this.alarm(
        'ModelThrottles',
        modelThrottles,
        ALARM_THRESHOLDS.throttles,
        1,
        'model invocations throttled',
      ),
    ];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `CentralOps-${props.envName ?? 'dev'}`,
      defaultInterval: Duration.hours(6),
    });
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      options: Partial<cloudwatch.GraphWidgetProps> = {},
    ) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...options });
    this.dashboard.addWidgets(
      graph('Time to first text (ms)', [firstTextP50, firstTextP99], {
        leftAnnotations: [{ value: ALARM_THRESHOLDS.timeToFirstTextP99Ms, label: 'p99 alarm' }],
      }),
      graph('Time to final answer (ms)', [
        bot(METRICS.timeToFinal.name, 'p50'),
        bot(METRICS.timeToFinal.name, 'p99'),
      ]),
      graph('Questions per platform and verb', [search(METRICS.questions.name, 'platform,verb', 'Sum', '')]),
    );
    this.dashboard.addWidgets(
      graph('Error and refusal rates (%)', [errorRate, refusalRate]),
      graph('Errors by part', [search('Errors', 'part', 'Sum', '')]),
      graph('Refusals by reason', [search('Refusals', 'reason', 'Sum', '')]),
    );
    this.dashboard.addWidgets(
      graph('Accounts per question', [
        agent(METRICS.accountsPerQuestion.name, 'Average'),
        agent(METRICS.accountsPerQuestion.name, 'Maximum'),
      ]),
      graph('Fan-out failures by code', [search(METRICS.fanOutFailures.name, 'code', 'Sum', '')]),
      graph('Chat API retries and alert deliveries', [
        search(METRICS.chatApiRetries.name, 'platform', 'Sum', ''),
        search(METRICS.alertDeliveries.name, 'outcome', 'Sum', ''),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Failed asynchronous invocations (DLQ depth)', failureQueues),
      graph('Throttles', [
        runtimeThrottles,
        gatewayThrottles,
        modelThrottles,
        ...functions.map(([name, fn]) => fn.function.metricThrottles({ period: PERIOD, label: name })),
      ]),
      graph(
        'Agent turn (ms) and runtime errors',
        [agent(METRICS.agentTurnTime.name, 'p50'), agent(METRICS.agentTurnTime.name, 'p99')],
        {
          right: [
            props.runtime.metricSystemErrors({ period: PERIOD }),
            props.runtime.metricUserErrors({ period: PERIOD }),
          ],
        },
      ),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...this.alarms, ...functions.flatMap(([, fn]) => fn.alarms)],
        width: 24,
        height: 4,
      }),
    );
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
  }

  /** Encrypted, TLS only; CloudWatch alarms may publish to it (and use its key). */
  private createAlarmTopic(topicName: string): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'CentralOps alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return new sns.Topic(this, 'AlarmTopic', { topicName, masterKey: key, enforceSSL: true });
  }

  private alarm(
    name: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    what: string,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `CentralOps: ${what} above ${threshold}`,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    return alarm;
  }
}
