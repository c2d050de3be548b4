/**
 * The calls the diagnostics verbs make (/ops changes, logs, metric, health, describe, ecs, targets)
 * pass the guard, and their mutating neighbours in the same services do not: the explicit
 * exception for Logs Insights (`logs StartQuery`) is that one operation, not the `start` verb.
 */
import { describe, expect, it } from 'vitest';
import { guardCalls, guardCliCommand } from '#bridge/src/guard/index.ts';

const call = (service: string, operation: string, params: Record<string, unknown> = {}) => ({
  service,
  operation,
  params,
  pages: 1,
});

const DIAGNOSTIC_CALLS: readonly (readonly [string, string, Record<string, unknown>])[] = [
  [
    'cloudtrail',
    'LookupEvents',
    { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] },
  ],
  ['logs', 'DescribeLogGroups', { logGroupNamePattern: 'orders-api' }],
  ['logs', 'FilterLogEvents', { logGroupName: '/aws/lambda/orders-api', filterPattern: 'ERROR' }],
  ['logs', 'StartQuery', { logGroupNames: ['/aws/lambda/orders-api'], queryString: 'fields @message' }],
  ['logs', 'GetQueryResults', { queryId: 'q-1' }],
  ['cloudwatch', 'GetMetricData', { MetricDataQueries: [] }],
  ['cloudwatch', 'GetMetricWidgetImage', { MetricWidget: '{"metrics":[]}' }],
  ['health', 'DescribeEvents', { filter: { eventStatusCodes: ['open'] } }],
  ['ecs', 'ListServices', { cluster: 'prod' }],
  ['ecs', 'DescribeServices', { cluster: 'prod', services: ['checkout'] }],
  ['ecs', 'DescribeTaskDefinition', { taskDefinition: 'checkout:7' }],
  ['elbv2', 'DescribeLoadBalancers', { Names: ['checkout-alb'] }],
  ['elbv2', 'DescribeTargetGroups', { LoadBalancerArn: 'arn:aws:elasticloadbalancing:…' }],
  ['elbv2', 'DescribeTargetHealth', { TargetGroupArn: 'arn:aws:elasticloadbalancing:…' }],
  ['elbv2', 'DescribeTags', { ResourceArns: ['arn:aws:elasticloadbalancing:…'] }],
  ['ec2', 'DescribeVolumes', { VolumeIds: ['vol-1'] }],
  ['ec2', 'DescribeNetworkInterfaces', { NetworkInterfaceIds: ['eni-1'] }],
  ['lambda', 'ListTags', { Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f' }],
];

const NEIGHBOURS: readonly (readonly [string, string])[] = [
  ['logs', 'StopQuery'],
  ['logs', 'StartLiveTail'],
  ['logs', 'PutQueryDefinition'],
  ['logs', 'DeleteLogGroup'],
  ['logs', 'PutLogEvents'],
  ['logs', 'CreateExportTask'],
  ['logs', 'PutRetentionPolicy'],
  ['cloudtrail', 'StartQuery'],
  ['cloudtrail', 'StopLogging'],
  ['cloudtrail', 'StartLogging'],
  ['cloudtrail', 'DeleteTrail'],
  ['cloudwatch', 'PutMetricData'],
  ['cloudwatch', 'PutDashboard'],
  ['cloudwatch', 'SetAlarmState'],
  ['cloudwatch', 'DisableAlarmActions'],
  ['health', 'EnableHealthServiceAccessForOrganization'],
  ['ecs', 'UpdateService'],
  ['ecs', 'StopTask'],
  ['ecs', 'StartTask'],
  ['ecs', 'RunTask'],
  ['ecs', 'DeleteService'],
  ['ecs', 'ExecuteCommand'],
  ['elbv2', 'DeregisterTargets'],
  ['elbv2', 'RegisterTargets'],
  ['elbv2', 'ModifyTargetGroup'],
  ['elbv2', 'DeleteLoadBalancer'],
  ['ec2', 'StartInstances'],
  ['ec2', 'StopInstances'],
  ['athena', 'StartQueryExecution'],
];

describe('guard: the diagnostics verbs', () => {
  it.each(DIAGNOSTIC_CALLS)('allows %s %s, which a diagnostics verb makes', (service, operation, params) => {
    // Act
    const decision = guardCalls([call(service, operation, params)]);
    // Assess
    expect(decision).toEqual({ allowed: true });
  });

  it.each(NEIGHBOURS)('refuses %s %s, a mutating neighbour', (service, operation) => {
    // Act
    const decision = guardCalls([call(service, operation)]);
    // Assess
    expect(decision.allowed).toBe(false);
  });

  it('refuses start-query outside logs and stop-query in logs as CLI commands too', () => {
    // Act / Assess
    expect(guardCliCommand('aws logs start-query --log-group-name /a --query-string x').allowed).toBe(true);
    expect(guardCliCommand('aws logs stop-query --query-id q-1').allowed).toBe(false);
    expect(guardCliCommand('aws cloudtrail start-query --query-statement x').allowed).toBe(false);
  });
});
