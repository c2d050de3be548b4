import { describe, expect, it } from 'vitest';
import { readAlertEvent } from '#bot/src/alerts/sources/index.ts';
import {
  ALARM_METRIC_MATH,
  ALARM_SINGLE_METRIC,
  copy,
  GUARDDUTY_FINDING,
  HEALTH_EC2_RETIREMENT,
  HEALTH_ELB_API_ISSUE,
  HEALTH_PUBLIC_EC2_ISSUE,
  SECURITY_HUB_FINDING,
} from './aws-events.ts';

function alertsOf(event: unknown) {
  const read = readAlertEvent(event);
  if (!read.ok) throw new Error(`not read: ${read.reason}`);
  return read.alerts;
}

describe('readAlertEvent', () => {
  it("reads a single-metric alarm's state change: the alarm's ARN, its metric and the instance it watches", () => {
    // Act
    const [alert] = alertsOf(ALARM_SINGLE_METRIC);

    // Assess
    expect(alert).toMatchObject({
      source: 'alarm',
      eventId: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      account: '123456789012',
      region: 'us-east-1',
      key: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
      title: 'ServerCpuTooHigh',
      status: 'ALARM',
      statusKind: 'firing',
      at: '2019-10-02T17:04:40.989Z',
      metric: {
        namespace: 'AWS/EC2',
        name: 'CPUUtilization',
        dimensions: { InstanceId: 'i-12345678901234567' },
        stat: 'Average',
        period: 300,
      },
      resource: { kind: 'ec2-instance', id: 'i-12345678901234567' },
    });
    expect(alert?.summary).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[99\.5/);
  });

  it('reads a metric-math alarm from its first metric that has a metricStat', () => {
    // Act
    const [alert] = alertsOf(ALARM_METRIC_MATH);

    // Assess
    expect(alert?.metric?.name).toBe('NetworkIn');
    expect(alert?.key).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh');
  });

  it('reads Health events: the affected account, the impacted region, and a repeat key per communication and account', () => {
    // Act
    const [publicIssue] = alertsOf(HEALTH_PUBLIC_EC2_ISSUE);
    const [elb] = alertsOf(HEALTH_ELB_API_ISSUE);
    const [retirement] = alertsOf(HEALTH_EC2_RETIREMENT);

    // Assess
    expect(publicIssue).toMatchObject({
      source: 'health',
      account: '123456789012',
      region: 'af-south-1',
      status: 'open',
      severity: 'high',
      title: 'EC2 AWS_EC2_OPERATIONAL_ISSUE',
      dedupeKey: '01b0993207d81a09dcd552ebd1e633e36cf1f09a-1#123456789012',
    });
    expect(elb?.region).toBe('ap-southeast-2');
    expect(retirement).toMatchObject({
      severity: 'medium',
      statusKind: 'info',
      resource: {
        kind: 'health-entity',
        id: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0',
      },
    });
  });

  it("reads a GuardDuty finding: the finding's account and its severity band", () => {
    // Act
    const [alert] = alertsOf(GUARDDUTY_FINDING);

    // Assess
    expect(alert).toMatchObject({
      source: 'guardduty',
      account: '111122223333',
      severity: 'high',
      score: 8,
      status: 'ACTIVE',
      resource: { kind: 'ec2-instance', id: 'i-99999999' },
      key: GUARDDUTY_FINDING.detail.arn,
    });
  });

  it('reads every finding of a Security Hub event, leaving a malformed one out', () => {
    // Prepare
    const event = copy(SECURITY_HUB_FINDING);
    const second = { ...event.detail.findings[0]!, Id: 'second', Severity: { Label: 'HIGH' } };
    event.detail.findings.push(second as never, { Id: 'broken' } as never);

    // Act
    const alerts = alertsOf(event);

    // Assess
    expect(alerts.map((alert) => [alert.key, alert.severity, alert.eventId])).toEqual([
      ['us-west-2/111122223333/98aebb2207407c87f51e89943f12b1ef', 'critical', 'CWE-event-id#0'],
      ['second', 'high', 'CWE-event-id#1'],
    ]);
    expect(alerts[0]?.resource).toEqual({
      kind: 'ec2-instance',
      id: 'arn:aws:ec2:us-west-2:111122223333:instance/i-1234567890abcdef0',
    });
  });

  it('refuses what is not an alert: another source, a bad envelope, a malformed detail', () => {
    // Prepare
    const other = {
      ...copy(ALARM_SINGLE_METRIC),
      source: 'aws.ec2',
      'detail-type': 'EC2 Instance State-change Notification',
    };
    const badAccount = { ...copy(ALARM_SINGLE_METRIC), account: '12345' };
    const noState = copy(ALARM_SINGLE_METRIC) as { detail: Record<string, unknown> };
    delete noState.detail.state;

    // Act
    const results = [other, badAccount, noState, 'junk', null].map(readAlertEvent);

    // Assess
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, false]);
  });

  it("keys an alarm by the event's own account and region, never by an ARN the event carries", () => {
    // Prepare: resources name another account's alarm
    const event = copy(ALARM_SINGLE_METRIC);
    event.resources = ['arn:aws:cloudwatch:us-east-1:999999999999:alarm:ServerCpuTooHigh'];

    // Act
    const [alert] = alertsOf(event);

    // Assess
    expect(alert?.key).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh');
  });
});
