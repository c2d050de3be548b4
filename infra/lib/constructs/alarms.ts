/**
 * The alarms CentralOps raises on any occurrence: a function's error or throttle, a message left in
 * a failure or dead-letter queue. One shape for every stack, and one way to the alarm topic.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** In alarm when `metric` reaches 1 in five minutes; no data is no trouble. */
export function anyOccurrenceAlarm(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  description: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
}

/** The most messages `queue` held in five minutes: any is something failed and waiting. */
export function queueDepth(queue: sqs.IQueue): cloudwatch.IMetric {
  return queue.metricApproximateNumberOfMessagesVisible({
    period: Duration.minutes(5),
    statistic: cloudwatch.Stats.MAXIMUM,
  });
}

/** Sends `alarms` to the operator's topic, when one is named. */
export function notifyAlarmTopic(
  scope: Construct,
  alarms: readonly cloudwatch.Alarm[],
  alarmTopicArn: string | undefined,
): void {
  if (!alarmTopicArn) return;
  const action = new cloudwatchActions.SnsAction(sns.Topic.fromTopicArn(scope, 'AlarmTopic', alarmTopicArn));
  for (const alarm of alarms) alarm.addAlarmAction(action);
}
