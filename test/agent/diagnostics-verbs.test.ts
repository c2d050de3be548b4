/**
 * The diagnostics verbs' words and readings, without AWS: how each plans (the target before the
 * verb's name, case kept where AWS is case-sensitive), how answers read on a phone.
 */
import { describe, expect, it } from 'vitest';
import { ago, minMaxLast, sparkline } from '#agent/src/ops/format.ts';
import { planRequest } from '#agent/src/ops/plan.ts';
import { readAwsCall, summarizeResponse } from '#agent/src/ops/verbs/aws.ts';
import { summarizeChanges } from '#agent/src/ops/verbs/changes.ts';
import { recognize } from '#agent/src/ops/verbs/describe.ts';
import { helpText } from '#agent/src/ops/verbs/help.ts';
import { OPS_VERBS } from '#agent/src/ops/verbs/index.ts';
import { readMetric } from '#agent/src/ops/verbs/metric.ts';

const plan = (text: string) => planRequest({ prompt: `/ops ${text}` });

describe('diagnostics verbs: planning', () => {
  it('reads the target before a targeted verb, and the channel default when none is typed', () => {
    // Act / Assess
    expect(plan('prod changes 2h us-west-2')).toMatchObject({
      kind: 'changes',
      target: 'prod',
      window: { label: '2h' },
      region: 'us-west-2',
    });
    expect(plan('changes')).toMatchObject({ kind: 'changes', window: { label: '1h' } });
    expect(plan('changes')).not.toHaveProperty('target');
    expect(plan('all health')).toEqual({ kind: 'health', target: 'all' });
  });

  it('keeps the case of log groups, filters and queries, and tells a Logs Insights query from filter text', () => {
    // Act
    const filtered = plan('prod logs /aws/lambda/Orders-API "Task timed out" 30m');
    const query = plan('dev logs checkout fields @message | filter @message like /ERROR/');
    // Assess
    expect(filtered).toMatchObject({
      kind: 'logs',
      source: '/aws/lambda/Orders-API',
      filter: '"Task timed out"',
      insights: false,
      window: { label: '30m' },
    });
    expect(query).toMatchObject({
      kind: 'logs',
      source: 'checkout',
      insights: true,
      filter: 'fields @message | filter @message like /ERROR/',
    });
  });

  it('reads metric presets, custom Namespace:Metric:Dimension=value, the window and the statistic', () => {
    // Act / Assess
    expect(plan('prod metric alb-5xx')).toMatchObject({
      kind: 'metric',
      label: 'alb-5xx',
      metric: { namespace: 'AWS/ApplicationELB', stat: 'Sum' },
      window: { label: '3h' },
    });
    expect(plan('prod metric AWS/EC2:CPUUtilization:InstanceId=i-0Ab 1d max')).toMatchObject({
      metric: {
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimension: 'InstanceId',
        dimensionValue: 'i-0Ab',
        stat: 'Maximum',
      },
      window: { label: '1d' },
    });
    expect(plan('prod metric alb-5x')).toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('Did you mean "alb-5xx"?'),
    });
  });

  it('takes the account of an ARN as the target of describe when none is typed', () => {
    // Act / Assess
    expect(plan('describe arn:aws:rds:us-east-1:111111111111:db:orders-db')).toMatchObject({
      kind: 'describe',
      type: 'db-instance',
      id: 'orders-db',
      region: 'us-east-1',
      accountId: '111111111111',
      target: '111111111111',
    });
    expect(plan('prod describe not an id')).toMatchObject({ kind: 'usage' });
  });

  it('keeps `/ops prod ecs clusters` on the catalog, and reads a cluster otherwise', () => {
    // Act / Assess
    expect(plan('prod ecs clusters')).toMatchObject({
      kind: 'ecs',
      catalog: { kind: 'query', target: 'prod' },
    });
    expect(plan('prod ecs Payments-Cluster')).toEqual({
      kind: 'ecs',
      target: 'prod',
      cluster: 'Payments-Cluster',
    });
  });

  it('reads aws calls as data: kebab or Pascal names, JSON values, quoted text, and no shell', () => {
    // Act / Assess
    expect(
      readAwsCall('ec2 describe-instances --instance-ids ["i-1"] --MaxResults 5 --DryRun --region eu-west-1'),
    ).toEqual({
      call: {
        service: 'ec2',
        operation: 'DescribeInstances',
        params: { InstanceIds: ['i-1'], MaxResults: 5, DryRun: true },
      },
      region: 'eu-west-1',
    });
    expect(readAwsCall("logs FilterLogEvents --logGroupName '/aws/lambda/a b'")).toMatchObject({
      call: { params: { logGroupName: '/aws/lambda/a b' } },
    });
    expect(readAwsCall('ec2 DescribeInstances | sh')).toBe('Expected --Param, found "|".');
    expect(readAwsCall('EC2 DescribeInstances')).toMatch(/not a service name/);
  });

  it('lists every diagnostics verb in help, generated from the verb list', () => {
    // Act
    const text = helpText(OPS_VERBS);
    // Assess
    for (const verb of ['changes', 'logs', 'metric', 'health', 'describe', 'ecs', 'targets', 'aws'])
      expect(text).toContain(`/ops <target> ${verb}`);
  });
});

describe('diagnostics verbs: readings', () => {
  it('recognizes ids and ARNs, and reads a bare word as a Lambda function', () => {
    // Act / Assess
    expect(recognize('i-0123456789abcdef0')).toEqual({ id: 'i-0123456789abcdef0', type: 'instance' });
    expect(recognize('sg-0123abcd')).toEqual({ id: 'sg-0123abcd', type: 'security-group' });
    expect(recognize('arn:aws:lambda:us-west-2:222222222222:function:orders')).toMatchObject({
      id: 'orders',
      type: 'function',
      region: 'us-west-2',
    });
    expect(recognize('arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1')).toBeUndefined();
    expect(recognize('orders-api')).toEqual({ id: 'orders-api', type: 'function' });
    expect(recognize('arn:aws:sns:us-east-1:111111111111:topic')).toBeUndefined();
  });

  it('draws a sparkline and says min, max and last', () => {
    // Act / Assess
    expect(sparkline([0, 0, 1, 4, 8])).toBe('▁▁▂▅█');
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
    expect(sparkline(Array.from({ length: 100 }, (_, i) => i)).length).toBe(24);
    expect(minMaxLast([0, 12, 4])).toBe('min 0 · max 12 · last 4');
    expect(ago(1_000_000 - 5 * 60_000, 1_000_000)).toBe('5m ago');
    expect(ago(1_000_000 + 2 * 86_400_000, 1_000_000)).toBe('in 2d');
  });

  it('combines metric series (summed counts), with one line per series past one, bounded', () => {
    // Prepare
    const series = (label: string, values: number[]) => ({
      Label: label,
      Timestamps: values.map((_, i) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()),
      Values: values,
    });
    const response = { MetricDataResults: [series('a', [0, 2, 4]), series('b', [1, 1, 1])] };
    // Act
    const reading = readMetric(response, {
      kind: 'metric',
      label: 'alb-5xx',
      metric: { namespace: 'AWS/ApplicationELB', metricName: 'x', dimension: 'LoadBalancer', stat: 'Sum' },
      window: { label: '3h', ms: 10_800_000 },
    });
    // Assess
    expect(reading.summary).toBe('alb-5xx (Sum, 3h): ▁▅█ min 1 · max 5 · last 5');
    expect(reading.peak).toBe(5);
    expect(reading.lines).toEqual(['a: ▁▅█ max 4 · last 4', 'b: ▄▄▄ max 1 · last 1']);
  });

  it('groups changes by principal, newest first, and bounds the lines with "n more"', () => {
    // Prepare
    const now = Date.UTC(2026, 0, 1, 12);
    const changes = Array.from({ length: 120 }, (_, i) => ({
      at: now - (i + 1) * 60_000,
      name: 'RunInstances',
      service: 'ec2',
      principal: i % 2 ? 'alice via ops (SourceIdentity alice)' : 'ci-deployer',
      resource: `i-${i}`,
    }));
    // Act
    const summary = summarizeChanges(changes, { label: '1h', ms: 3_600_000 }, now);
    // Assess
    expect(summary.summary).toBe('120 changes by 2 principals, newest 1m ago');
    expect(summary.lines[0]).toBe('ci-deployer: 60 (ec2 60)');
    expect(summary.lines[1]).toBe('alice via ops (SourceIdentity alice): 60 (ec2 60)');
    expect(summary.lines[2]).toBe('1m ago · ec2 RunInstances i-0 · ci-deployer');
    expect(summary.lines).toHaveLength(101);
    expect(summary.lines.at(-1)).toBe('… and 22 more');
  });

  it('summarizes any API response by its first list, phone-sized', () => {
    // Act
    const summary = summarizeResponse({
      TargetGroups: [{ TargetGroupName: 'web', Port: 80, Matcher: { HttpCode: '200' } }],
      NextMarker: 'x',
    });
    // Assess
    expect(summary).toEqual({ summary: 'TargetGroups: 1 item (more pages)', lines: ['TargetGroupName=web'] });
  });
});
