/**
 * Alert events exactly as AWS documents them (copied verbatim; only the GuardDuty and Security
 * Hub findings, which their pages give as a placeholder, are filled in from the documented finding
 * formats, with the values those pages give as examples).
 */

/** docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html: State Change for a Single-Metric Alarm. */
export const ALARM_SINGLE_METRIC = {
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: '2019-10-02T17:04:40Z',
  region: 'us-east-1',
  resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh'],
  detail: {
    alarmName: 'ServerCpuTooHigh',
    configuration: {
      description: 'Goes into alarm when server CPU utilization is too high!',
      metrics: [
        {
          id: '30b6c6b2-a864-43a2-4877-c09a1afc3b87',
          metricStat: {
            metric: {
              dimensions: {
                InstanceId: 'i-12345678901234567',
              },
              name: 'CPUUtilization',
              namespace: 'AWS/EC2',
            },
            period: 300,
            stat: 'Average',
          },
          returnData: true,
        },
      ],
    },
    previousState: {
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [0.0666851903306472 (01/10/19 13:46:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
      reasonData:
        '{"version":"1.0","queryDate":"2019-10-01T13:56:40.985+0000","startDate":"2019-10-01T13:46:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[0.0666851903306472],"threshold":50.0}',
      timestamp: '2019-10-01T13:56:40.987+0000',
      value: 'OK',
    },
    state: {
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).',
      reasonData:
        '{"version":"1.0","queryDate":"2019-10-02T17:04:40.985+0000","startDate":"2019-10-02T16:59:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[99.50160229693434],"threshold":50.0}',
      timestamp: '2019-10-02T17:04:40.989+0000',
      value: 'ALARM',
    },
  },
};

/** The same page: State Change for a Metric Math Alarm. */
export const ALARM_METRIC_MATH = {
  version: '0',
  id: '2dde0eb1-528b-d2d5-9ca6-6d590caf2329',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: '2019-10-02T17:20:48Z',
  region: 'us-east-1',
  resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh'],
  detail: {
    alarmName: 'TotalNetworkTrafficTooHigh',
    configuration: {
      description: 'Goes into alarm if total network traffic exceeds 10Kb',
      metrics: [
        {
          expression: 'SUM(METRICS())',
          id: 'e1',
          label: 'Total Network Traffic',
          returnData: true,
        },
        {
          id: 'm1',
          metricStat: {
            metric: {
              dimensions: {
                InstanceId: 'i-12345678901234567',
              },
              name: 'NetworkIn',
              namespace: 'AWS/EC2',
            },
            period: 300,
            stat: 'Maximum',
          },
          returnData: false,
        },
        {
          id: 'm2',
          metricStat: {
            metric: {
              dimensions: {
                InstanceId: 'i-12345678901234567',
              },
              name: 'NetworkOut',
              namespace: 'AWS/EC2',
            },
            period: 300,
            stat: 'Maximum',
          },
          returnData: false,
        },
      ],
    },
    previousState: {
      reason: 'Unchecked: Initial alarm creation',
      timestamp: '2019-10-02T17:20:03.642+0000',
      value: 'INSUFFICIENT_DATA',
    },
    state: {
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [45628.0 (02/10/19 17:10:00)] was greater than the threshold (10000.0) (minimum 1 datapoint for OK -> ALARM transition).',
      reasonData:
        '{"version":"1.0","queryDate":"2019-10-02T17:20:48.551+0000","startDate":"2019-10-02T17:10:00.000+0000","period":300,"recentDatapoints":[45628.0],"threshold":10000.0}',
      timestamp: '2019-10-02T17:20:48.554+0000',
      value: 'ALARM',
    },
  },
};

/** docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html: Public Health Event - Amazon EC2 operational issue. */
export const HEALTH_PUBLIC_EC2_ISSUE = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'AWS Health Event',
  source: 'aws.health',
  account: '123456789012',
  time: '2023-01-27T09:01:22Z',
  region: 'af-south-1',
  resources: [],
  detail: {
    eventArn:
      'arn:aws:health:af-south-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_7f35c8ae-af1f-54e6-a526-d0179ed6d68f',
    service: 'EC2',
    eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
    eventTypeCategory: 'issue',
    eventScopeCode: 'PUBLIC',
    communicationId: '01b0993207d81a09dcd552ebd1e633e36cf1f09a-1',
    startTime: 'Fri, 27 Jan 2023 06:02:51 GMT',
    endTime: 'Fri, 27 Jan 2023 09:01:22 GMT',
    lastUpdatedTime: 'Fri, 27 Jan 2023 09:01:22 GMT',
    statusCode: 'open',
    eventRegion: 'af-south-1',
    eventDescription: [
      {
        language: 'en_US',
        latestDescription:
          'Current severity level: Operating normally\n\n[RESOLVED] \n\n [03:15 PM PST] We continue see recovery \n\nThe following AWS services were previously impacted but are now operating normally: APPSYNC, BACKUP, EVENTS.',
      },
    ],
    affectedEntities: [],
    page: '1',
    totalPages: '1',
    backupEvent: 'false',
    affectedAccount: '123456789012',
    personas: ['OPERATIONS'],
  },
};

/** The same page: Account-specific AWS Health Event - Elastic Load Balancing API Issue. */
export const HEALTH_ELB_API_ISSUE = {
  version: '0',
  id: '121345678-1234-1234-1234-123456789012',
  'detail-type': 'AWS Health Event',
  source: 'aws.health',
  account: '123456789012',
  time: '2022-06-10T06:27:57Z',
  region: 'ap-southeast-2',
  resources: [],
  detail: {
    eventArn: 'arn:aws:health:ap-southeast-2::event/AWS_ELASTICLOADBALANCING_API_ISSUE_90353408594353980',
    service: 'ELASTICLOADBALANCING',
    eventTypeCode: 'AWS_ELASTICLOADBALANCING_API_ISSUE',
    eventTypeCategory: 'issue',
    eventScopeCode: 'ACCOUNT_SPECIFIC',
    communicationId: '01b0993207d81a09dcd552ebd1e633e36cf1f09a-1',
    startTime: 'Fri, 10 Jun 2022 05:01:10 GMT',
    endTime: 'Fri, 10 Jun 2022 05:30:57 GMT',
    statusCode: 'open',
    eventRegion: 'ap-southeast-2',
    eventDescription: [
      {
        language: 'en_US',
        latestDescription: 'A description of the event will be provided here',
      },
    ],
    page: '1',
    totalPages: '1',
    backupEvent: 'false',
    affectedAccount: '123456789012',
    personas: ['OPERATIONS'],
  },
};

/** The same page: Account-specific AWS Health Event - Amazon EC2 Instance Retirement. */
export const HEALTH_EC2_RETIREMENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'AWS Health Event',
  source: 'aws.health',
  account: '123456789012',
  time: '2026-01-27T01:43:21Z',
  region: 'us-east-1',
  detail: {
    eventArn: 'arn:aws:health:us-east-1::event/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_90353408594353983',
    service: 'EC2',
    eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    eventTypeCategory: 'scheduledChange',
    eventScopeCode: 'ACCOUNT_SPECIFIC',
    communicationId: '1234abc01232a4012345678-1',
    startTime: 'Thu, 27 Aug 2026 13:19:03 GMT',
    lastUpdatedTime: 'Thu, 27 Jan 2026 13:44:13 GMT',
    statusCode: 'open',
    eventRegion: 'us-east-1',
    eventDescription: [
      {
        language: 'en_US',
        latestDescription: 'A description of the event will be provided here',
      },
    ],
    eventMetadata: {
      keystring1: 'valuestring1',
      keystring2: 'valuestring2',
      keystring3: 'valuestring3',
      keystring4: 'valuestring4',
      truncated: 'true',
    },
    affectedEntities: [
      {
        entityValue: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0',
        lastUpdatedTime: 'Thu, 26 Jan 2026 19:01:55 GMT',
        status: 'PENDING',
      },
    ],
    affectedAccount: '123456789012',
    page: '1',
    totalPages: '1',
    backupEvent: 'false',
    personas: ['OPERATIONS'],
    actionability: 'ACTION_REQUIRED',
  },
};

/**
 * docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html: the envelope
 * verbatim; its `detail` is one finding as GetFindings returns it (API_GetFindings response syntax),
 * here an SSH brute-force finding (UnauthorizedAccess:EC2/SSHBruteForce, High).
 */
export const GUARDDUTY_FINDING = {
  version: '0',
  id: 'cd2d702e-ab31-411b-9344-793ce56b1bc7',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: '111122223333',
  time: '1970-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    schemaVersion: '2.0',
    accountId: '111122223333',
    region: 'us-east-1',
    partition: 'aws',
    id: '16afba5c5c43e07c9e3e5e2e544e95df',
    arn: 'arn:aws:guardduty:us-east-1:111122223333:detector/123456789012345678901234567890/finding/16afba5c5c43e07c9e3e5e2e544e95df',
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    resource: {
      resourceType: 'Instance',
      instanceDetails: {
        instanceId: 'i-99999999',
        instanceType: 'm3.xlarge',
        availabilityZone: 'us-east-1b',
      },
    },
    service: {
      serviceName: 'guardduty',
      detectorId: '123456789012345678901234567890',
      action: { actionType: 'NETWORK_CONNECTION' },
      resourceRole: 'TARGET',
      eventFirstSeen: '2024-01-10T18:15:35Z',
      eventLastSeen: '2024-01-10T18:35:05Z',
      archived: false,
      count: 12,
    },
    severity: 8,
    createdAt: '2024-01-10T18:21:44.421Z',
    updatedAt: '2024-01-10T18:40:21.332Z',
    title: '198.51.100.0 is performing SSH brute force attacks against i-99999999.',
    description:
      '198.51.100.0 is performing SSH brute force attacks against i-99999999. Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.',
  },
};

/**
 * docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html: the Findings -
 * Imported envelope verbatim; its finding from the ASFF required attributes with the examples of
 * docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html.
 */
export const SECURITY_HUB_FINDING = {
  version: '0',
  id: 'CWE-event-id',
  'detail-type': 'Security Hub Findings - Imported',
  source: 'aws.securityhub',
  account: '111122223333',
  time: '2019-04-11T21:52:17Z',
  region: 'us-west-2',
  resources: [
    'arn:aws:securityhub:us-west-2::product/aws/macie/arn:aws:macie:us-west-2:111122223333:integtest/trigger/6294d71b927c41cbab915159a8f326a3/alert/f2893b211841',
  ],
  detail: {
    findings: [
      {
        SchemaVersion: '2018-10-08',
        Id: 'us-west-2/111122223333/98aebb2207407c87f51e89943f12b1ef',
        ProductArn: 'arn:aws:securityhub:us-west-2::product/aws/guardduty',
        GeneratorId: 'acme-vuln-9ab348',
        AwsAccountId: '111122223333',
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        CreatedAt: '2017-03-22T13:22:13.933Z',
        UpdatedAt: '2017-04-22T13:22:13.933Z',
        Severity: { Label: 'CRITICAL', Original: '8.3' },
        Title: 'S3.13 S3 buckets should have lifecycle policies configured',
        Description:
          'The version of openssl found on instance i-abcd1234 is known to contain a vulnerability.',
        Resources: [
          {
            Type: 'AwsEc2Instance',
            Id: 'arn:aws:ec2:us-west-2:111122223333:instance/i-1234567890abcdef0',
            Partition: 'aws',
            Region: 'us-west-2',
          },
        ],
      },
    ],
  },
};

/** A fresh copy to change in a test. */
export function copy<T>(event: T): T {
  return structuredClone(event);
}
