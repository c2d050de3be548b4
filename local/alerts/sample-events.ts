/**
 * Sample alert events for the local stack (`npm run alert`, the chat page's button) and the bench:
 * shaped as AWS documents each source's event (see test/bot/alerts/aws-events.ts), about resources
 * the sandbox account really has when its dataset is given (the alarm of an erroring Lambda
 * function, an instance), so an investigation finds them.
 */
import { randomUUID } from 'node:crypto';
import type { AlertSourceId } from '#contracts/alert-sources.ts';
import type { SandboxAccountData } from '../sandbox-aws/types.ts';

export interface SampleEventOptions {
  /** The member account it comes from. */
  readonly account: string;
  /** The alarm's new state, or whether the finding / Health event is resolved. @default 'ALARM' */
  readonly state?: 'ALARM' | 'OK';
  /** What the sandbox has in that account, to name real resources. */
  readonly dataset?: SandboxAccountData;
  /** @default the dataset's first region, else us-east-1 */
  readonly region?: string;
  /** @default new Date() */
  readonly at?: Date;
  /** The alarm's name, when not the dataset's. */
  readonly alarmName?: string;
}

function envelope(
  source: string,
  detailType: string,
  account: string,
  region: string,
  at: Date,
  detail: object,
  resources: string[] = [],
) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources,
    detail,
  };
}

/** CloudWatch's own timestamp format: `2019-10-02T17:04:40.989+0000`. */
function cloudWatchTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

export function sampleAlertEvent(kind: AlertSourceId, options: SampleEventOptions): Record<string, unknown> {
  const at = options.at ?? new Date();
  const region = options.region ?? options.dataset?.regions[0] ?? 'us-east-1';
  const data = options.dataset?.byRegion[region];
  const resolved = options.state === 'OK';
  const { account } = options;
  switch (kind) {
    case 'alarm': {
      const alarm = data?.alarms.find((a) => a.StateValue === 'ALARM') ?? data?.alarms[0];
      const name = options.alarmName ?? alarm?.AlarmName ?? 'ServerCpuTooHigh';
      const dimensions = Object.fromEntries(
        (alarm?.Dimensions ?? [{ Name: 'InstanceId', Value: 'i-12345678901234567' }]).map((d) => [
          d.Name,
          d.Value,
        ]),
      );
      const state = resolved ? 'OK' : 'ALARM';
      const threshold = alarm?.Threshold ?? 50;
      return envelope(
        'aws.cloudwatch',
        'CloudWatch Alarm State Change',
        account,
        region,
        at,
        {
          alarmName: name,
          configuration: {
            description:
              alarm?.AlarmDescription ?? 'Goes into alarm when server CPU utilization is too high!',
            metrics: [
              {
                id: randomUUID(),
                metricStat: {
                  metric: {
                    dimensions,
                    name: alarm?.MetricName ?? 'CPUUtilization',
                    namespace: alarm?.Namespace ?? 'AWS/EC2',
                  },
                  period: alarm?.Period ?? 300,
                  stat: alarm?.Statistic ?? 'Average',
                },
                returnData: true,
              },
            ],
          },
          previousState: {
            reason: 'Sample previous state',
            timestamp: cloudWatchTime(new Date(at.getTime() - 60_000)),
            value: resolved ? 'ALARM' : 'OK',
          },
          state: {
            reason: resolved
              ? `Threshold Crossed: 1 out of the last 1 datapoints [0.0] was not greater than or equal to the threshold (${threshold}).`
              : `Threshold Crossed: 1 out of the last 1 datapoints [${threshold + 3}.0] was greater than or equal to the threshold (${threshold}).`,
            timestamp: cloudWatchTime(at),
            value: state,
          },
        },
        [`arn:aws:cloudwatch:${region}:${account}:alarm:${name}`],
      );
    }
    case 'health':
      return envelope('aws.health', 'AWS Health Event', account, region, at, {
        eventArn: `arn:aws:health:${region}::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_SAMPLE`,
        service: 'EC2',
        eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
        eventTypeCategory: 'issue',
        eventScopeCode: 'ACCOUNT_SPECIFIC',
        communicationId: `${randomUUID()}-1`,
        startTime: at.toUTCString(),
        lastUpdatedTime: at.toUTCString(),
        statusCode: resolved ? 'closed' : 'open',
        eventRegion: region,
        eventDescription: [
          {
            language: 'en_US',
            latestDescription: resolved
              ? 'The issue has been resolved.'
              : 'We are investigating increased API error rates for EC2 in this region.',
          },
        ],
        affectedEntities: [],
        affectedAccount: account,
      });
    case 'guardduty': {
      const instance = data?.instances[0]?.InstanceId ?? 'i-99999999';
      const id = 'sample0guardduty0finding00000001';
      return envelope('aws.guardduty', 'GuardDuty Finding', account, region, at, {
        schemaVersion: '2.0',
        accountId: account,
        region,
        partition: 'aws',
        id,
        arn: `arn:aws:guardduty:${region}:${account}:detector/sample/finding/${id}`,
        type: 'UnauthorizedAccess:EC2/SSHBruteForce',
        resource: { resourceType: 'Instance', instanceDetails: { instanceId: instance } },
        service: { serviceName: 'guardduty', archived: resolved, count: 3 },
        severity: 8,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        title: `198.51.100.0 is performing SSH brute force attacks against ${instance}.`,
        description: `198.51.100.0 is performing SSH brute force attacks against ${instance}.`,
      });
    }
    case 'securityhub': {
      const instance = data?.instances[0]?.InstanceId ?? 'i-1234567890abcdef0';
      return envelope('aws.securityhub', 'Security Hub Findings - Imported', account, region, at, {
        findings: [
          {
            SchemaVersion: '2018-10-08',
            Id: `${region}/${account}/sample-security-hub-finding`,
            ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
            GeneratorId: 'security-control/EC2.8',
            AwsAccountId: account,
            Region: region,
            Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
            CreatedAt: at.toISOString(),
            UpdatedAt: at.toISOString(),
            Severity: { Label: 'HIGH', Original: 'HIGH' },
            Title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
            Description:
              'This control checks whether your EC2 instance metadata version is configured with IMDSv2.',
            Resources: [
              {
                Type: 'AwsEc2Instance',
                Id: `arn:aws:ec2:${region}:${account}:instance/${instance}`,
                Region: region,
              },
            ],
            RecordState: 'ACTIVE',
            Workflow: { Status: resolved ? 'RESOLVED' : 'NEW' },
          },
        ],
      });
    }
  }
}
