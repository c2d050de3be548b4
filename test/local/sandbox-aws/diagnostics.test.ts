/**
 * The sandbox's diagnostics APIs, called as the AWS MCP Server's run_script template calls them:
 * shapes, errors and lifecycles as AWS answers them.
 */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { invoke } from '#local/sandbox-aws/aws-api.ts';
import type { SessionCredentials } from '#local/sandbox-aws/credentials.ts';
import { Dataset } from '#local/sandbox-aws/dataset.ts';
import { AwsApiError, ScriptError } from '#local/sandbox-aws/errors.ts';
import { LogsQueryStore } from '#local/sandbox-aws/logs-queries.ts';

const NOW = Date.UTC(2026, 10, 26, 15, 0);
const ACCOUNT = '111111111111';
const dataset = new Dataset(
  new Map([[ACCOUNT, { id: ACCOUNT, name: 'payments-prod', regions: ['us-east-1', 'us-west-2'] }]]),
  {
    seed: 1,
    roleName: 'CentralOpsTargetRole',
  },
);
const ctx = { dataset, now: () => NOW, queries: new LogsQueryStore() };
const caller = {
  kind: 'session',
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/CentralOpsTargetRole/CentralOps-alice`,
  assumedRoleId: 'AROAEXAMPLE:CentralOps-alice',
} as unknown as SessionCredentials;
const call = (
  service: string,
  operation: string,
  params: Record<string, unknown> = {},
  region = 'us-east-1',
) => invoke(ctx, { service, operation, region, params, caller }) as Record<string, unknown>;
const region = dataset.region(ACCOUNT, 'us-east-1');

describe('sandbox AWS: diagnostics', () => {
  it('answers LookupEvents with write events newest first, their CloudTrail record naming the SourceIdentity', () => {
    // Act
    const answer = call('cloudtrail', 'LookupEvents', {
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
      StartTime: new Date(NOW - 3_600_000).toISOString(),
      MaxResults: 2,
    });
    // Assess
    const events = answer.Events as { EventTime: string; CloudTrailEvent: string; Username: string }[];
    expect(events).toHaveLength(2);
    expect(answer.NextToken).toEqual(expect.any(String));
    expect(Date.parse(events[0]!.EventTime)).toBeGreaterThan(Date.parse(events[1]!.EventTime));
    expect(JSON.parse(events[0]!.CloudTrailEvent).userIdentity.sessionContext.sourceIdentity).toBe('alice');
    expect(() => call('cloudtrail', 'LookupEvents', { LookupAttributes: [{}, {}] })).toThrow(
      expect.objectContaining({ code: 'InvalidLookupAttributesException' }),
    );
  });

  it('runs a Logs Insights query through its lifecycle: Running on the first poll, then Complete', () => {
    // Prepare
    const group = region.logGroups.find((g) => g.source.kind === 'ecs' && g.source.degraded)!.logGroupName;
    const { queryId } = call('logs', 'StartQuery', {
      logGroupNames: [group],
      startTime: Math.floor((NOW - 900_000) / 1000),
      endTime: NOW / 1000,
      queryString: 'filter @message like /error/ | stats count(*) as errors',
    }) as { queryId: string };
    // Act
    const first = call('logs', 'GetQueryResults', { queryId });
    const second = call('logs', 'GetQueryResults', { queryId });
    // Assess
    expect(first).toMatchObject({ status: 'Running', results: [] });
    expect(second).toMatchObject({ status: 'Complete', results: [[{ field: 'errors', value: '15' }]] });
    expect(() => call('logs', 'GetQueryResults', { queryId }, 'us-west-2')).toThrow(AwsApiError);
    expect(() =>
      call('logs', 'StartQuery', {
        logGroupNames: [group],
        startTime: 0,
        endTime: 1,
        queryString: 'parse @x',
      }),
    ).toThrow(expect.objectContaining({ code: 'MalformedQueryException' }));
  });

  it('filters log events with term patterns and refuses an unknown group as AWS does', () => {
    // Prepare
    const erroring = region.erroringFunctions[0]!;
    // Act
    const answer = call('logs', 'FilterLogEvents', {
      logGroupName: `/aws/lambda/${erroring}`,
      startTime: NOW - 3_600_000,
      endTime: NOW,
      filterPattern: 'ERROR -START',
    });
    // Assess
    const events = answer.events as { message: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.message.includes('ERROR') && !e.message.includes('START'))).toBe(true);
    expect(() => call('logs', 'FilterLogEvents', { logGroupName: '/nope' })).toThrow(
      expect.objectContaining({ code: 'ResourceNotFoundException' }),
    );
  });

  it('lets the read-only role start a Logs Insights query, and refuses its mutating neighbours', () => {
    // Act / Assess
    expect(() => call('logs', 'StopQuery', { queryId: 'q' })).toThrow(
      expect.objectContaining({ code: 'AccessDeniedException' }),
    );
    expect(() => call('logs', 'PutRetentionPolicy', {})).toThrow(
      expect.objectContaining({ code: 'AccessDeniedException' }),
    );
  });

  it('draws GetMetricWidgetImage as a PNG of the asked size, from the same data as GetMetricData', () => {
    // Prepare
    const expression = `SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName="HTTPCode_Target_5XX_Count"', 'Sum', 300)`;
    // Act
    const image = call('cloudwatch', 'GetMetricWidgetImage', {
      MetricWidget: JSON.stringify({
        metrics: [[{ expression, id: 'e1' }]],
        start: '-PT3H',
        width: 400,
        height: 200,
        title: 'x',
      }),
    });
    const data = call('cloudwatch', 'GetMetricData', {
      MetricDataQueries: [{ Id: 'm', Expression: expression }],
      StartTime: new Date(NOW - 10_800_000).toISOString(),
      EndTime: new Date(NOW).toISOString(),
    });
    // Assess
    const png = decode(Buffer.from(image.MetricWidgetImage as string, 'base64'));
    expect([png.width, png.height]).toEqual([400, 200]);
    const series = data.MetricDataResults as { Label: string; Values: number[] }[];
    expect(series.map((s) => s.Label)).toEqual([expect.stringMatching(/^app\/payments-prod-web\//)]);
    expect(Math.max(...series[0]!.Values)).toBeGreaterThan(10);
    expect(() => call('cloudwatch', 'GetMetricWidgetImage', { MetricWidget: 'not json' })).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue' }),
    );
  });

  it('answers Health only from us-east-1, with the open issue of the account', () => {
    // Act
    const answer = call('health', 'DescribeEvents', { filter: { eventStatusCodes: ['open'] } });
    // Assess
    expect(answer.events).toContainEqual(
      expect.objectContaining({ eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE', statusCode: 'open' }),
    );
    expect(() => call('health', 'DescribeEvents', {}, 'eu-west-1')).toThrow(ScriptError);
  });

  it('answers target health per target group, and LoadBalancerNotFound for an unknown name', () => {
    // Prepare
    const lb = region.loadBalancers[0]!;
    const groups = call('elbv2', 'DescribeTargetGroups', { LoadBalancerArn: lb.LoadBalancerArn })
      .TargetGroups as {
      TargetGroupArn: string;
    }[];
    // Act
    const health = call('elbv2', 'DescribeTargetHealth', { TargetGroupArn: groups[0]!.TargetGroupArn });
    // Assess
    expect(health.TargetHealthDescriptions).toContainEqual(
      expect.objectContaining({
        TargetHealth: expect.objectContaining({ State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch' }),
      }),
    );
    expect(() => call('elbv2', 'DescribeLoadBalancers', { Names: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'LoadBalancerNotFound' }),
    );
  });

  it('describes ECS services with their events and the task definition with its awslogs group', () => {
    // Prepare
    const service = region.ecsServices.find((s) => s.runningCount < s.desiredCount)!;
    // Act
    const described = call('ecs', 'DescribeServices', {
      cluster: service.clusterName,
      services: [service.serviceName, 'ghost'],
    });
    const definition = call('ecs', 'DescribeTaskDefinition', { taskDefinition: service.taskDefinition });
    // Assess
    expect(described.services).toEqual([
      expect.objectContaining({ serviceName: service.serviceName, pendingCount: 1 }),
    ]);
    expect(described.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);
    expect(JSON.stringify(definition)).toContain(`"awslogs-group":"${service.logGroup}"`);
  });

  it('answers the EC2 resources around the instances, and their NotFound errors', () => {
    // Act
    const vpcs = call('ec2', 'DescribeVpcs', {}).Vpcs as { VpcId: string }[];
    // Assess
    expect(vpcs.map((v) => v.VpcId)).toEqual([region.instances[0]!.VpcId]);
    expect(() => call('ec2', 'DescribeVolumes', { VolumeIds: ['vol-0nope'] })).toThrow(
      expect.objectContaining({ code: 'InvalidVolume.NotFound' }),
    );
  });
});
