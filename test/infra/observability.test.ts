import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '#infra/lib/stacks/observability-stack.ts';
import { actionsOf, policyStatements, type SynthesizedApp, synthesizeApp } from './support/synth-app.ts';

const CONTEXT = { envName: 'test', orgId: 'o-abc123def456', auditRetentionDays: '180' };
const OPERATOR_TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-pager';

let synth: SynthesizedApp;
let withOperatorTopic: SynthesizedApp;

// The real bundles are built once; the second synth reuses them.
beforeAll(async () => {
  synth = await synthesizeApp(CONTEXT);
  withOperatorTopic = await synthesizeApp({ ...CONTEXT, alarmTopicArn: OPERATOR_TOPIC }, synth.build);
}, 240_000);

afterAll(async () => {
  await synth?.cleanup();
  await withOperatorTopic?.cleanup();
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(template: Record<string, unknown>, type: string) {
  return Object.entries(template.Resources as Resources).filter(([, resource]) => resource.Type === type);
}

/** The dashboard body as CloudFormation renders it (Fn::Join of strings and tokens), tokens kept as JSON. */
function dashboardBody(): string {
  const [[, dashboard] = []] = resources(
    synth.templates.observability.toJSON(),
    'AWS::CloudWatch::Dashboard',
  );
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  return body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
}

describe('ObservabilityStack', () => {
  it('builds one dashboard: time to first text p50/p99, error and refusal rates, DLQ depths, throttles', () => {
    // Act
    const body = dashboardBody();
    // Assess
    for (const title of [
      'Time to first text (ms)',
      'Time to final answer (ms)',
      'Error and refusal rates (%)',
      'Errors by part',
      'Refusals by reason',
      'Accounts per question',
      'Fan-out failures by code',
      'Chat API retries and alert deliveries',
      'Failed asynchronous invocations (DLQ depth)',
      'Throttles',
    ]) {
      expect(body).toContain(`"title":"${title}"`);
    }
    expect(body).toContain('"TimeToFirstText",'.slice(0, -1));
    expect(body).toMatch(/"stat":"p99"/);
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('AWS/Bedrock');
  });

  it('alarms on p50 and p99 time to first text, read from the bot metrics', () => {
    // Assess
    for (const [statistic, threshold] of [
      ['p99', ALARM_THRESHOLDS.timeToFirstTextP99Ms],
      ['p50', ALARM_THRESHOLDS.timeToFirstTextP50Ms],
    ] as const) {
      synth.templates.observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CentralOps',
        MetricName: 'TimeToFirstText',
        Dimensions: [{ Name: 'service', Value: 'centralops-bot' }],
        ExtendedStatistic: statistic,
        Threshold: threshold,
        EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms on the error and refusal rates as % of questions, once there are enough questions', () => {
    // Assess
    for (const [threshold, metric] of [
      [ALARM_THRESHOLDS.errorRatePercent, 'Errors'],
      [ALARM_THRESHOLDS.refusalRatePercent, 'Refusals'],
    ] as const) {
      synth.templates.observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: threshold,
        Metrics: Match.arrayWith([
          Match.objectLike({
            Expression: Match.stringLikeRegexp(`^IF\\(\\w+q >= ${ALARM_THRESHOLDS.minQuestions}, 100 \\*`),
          }),
          Match.objectLike({
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Questions' }) }),
          }),
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({
                MetricName: metric,
                Dimensions: [{ Name: 'service', Value: 'centralops-agent' }],
              }),
            }),
          }),
        ]),
      });
    }
  });

  it('alarms on throttles of the agent runtime, the Gateway and the model', () => {
    // Assess
    synth.templates.observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Bedrock',
      MetricName: 'InvocationThrottles',
      Threshold: ALARM_THRESHOLDS.throttles,
    });
    const throttles = resources(synth.templates.observability.toJSON(), 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties.MetricName === 'Throttles',
    );
    expect(throttles.map(([, alarm]) => alarm.Properties.Namespace).sort()).toEqual([
      'AWS/Bedrock-AgentCore',
      'AWS/Bedrock-AgentCore',
    ]);
  });

  it('sends every alarm, the functions’ included, to one encrypted, TLS-only topic named for the environment', () => {
    // Assess
    synth.templates.observability.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'centralops-test-alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    synth.templates.observability.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    synth.templates.observability.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    for (const [, alarm] of resources(synth.templates.observability.toJSON(), 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
    }
    for (const key of ['bot', 'bridge', 'auth'] as const) {
      for (const [, alarm] of resources(synth.templates[key].toJSON(), 'AWS::CloudWatch::Alarm')) {
        expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain(':centralops-test-alarms');
      }
    }
  });

  it('sends every alarm to the operator’s topic instead when one is named, and creates none', () => {
    // Assess
    withOperatorTopic.templates.observability.resourceCountIs('AWS::SNS::Topic', 0);
    const all = withOperatorTopic.allTemplates.flatMap((template) =>
      resources(template, 'AWS::CloudWatch::Alarm'),
    );
    expect(all.length).toBeGreaterThan(10);
    for (const [, alarm] of all) expect(alarm.Properties.AlarmActions).toEqual([OPERATOR_TOPIC]);
  });
});

describe('Tracing and the audit table in the other stacks', () => {
  it('turns on active tracing for every function and tracing for the agent runtime', () => {
    // Assess
    for (const template of synth.allTemplates) {
      for (const [, fn] of resources(template, 'AWS::Lambda::Function')) {
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      }
    }
    synth.templates.runtime.hasResourceProperties('AWS::Logs::DeliverySource', { LogType: 'TRACES' });
  });

  it('grants `*` resources in function roles for X-Ray only', () => {
    // Act: the Lambda roles (the runtime's role is the AgentCore L2's own, with its own findings)
    const wildcards = synth.allTemplates
      .flatMap((template) => policyStatements(template))
      .filter(
        ({ roles, statement }) =>
          statement.Resource === '*' && roles.some((role) => /ServiceRole|^Role/.test(role.Ref ?? '')),
      );
    expect(wildcards.length).toBeGreaterThan(0);
    // Assess
    for (const { statement } of wildcards) {
      for (const action of actionsOf(statement)) expect(action).toMatch(/^xray:/);
    }
  });

  it('lets the runtime write and query the audit, the workers only write it, and no other part touch it', () => {
    // Prepare
    const onAudit = synth.allTemplates
      .flatMap((template) => policyStatements(template))
      .filter(({ statement }) => /AuditTable/.test(JSON.stringify(statement.Resource)));
    // Act
    const byRole = new Map<string, string[]>();
    for (const { roles, statement } of onAudit) {
      for (const role of roles)
        byRole.set(role.Ref ?? '', [...(byRole.get(role.Ref ?? '') ?? []), ...actionsOf(statement)]);
    }
    // Assess
    const roles = [...byRole.keys()].sort();
    expect(roles).toHaveLength(3);
    expect(roles.filter((role) => /^AgentExecutionRole/.test(role))).toHaveLength(1);
    expect(roles.filter((role) => /Worker/.test(role))).toHaveLength(2);
    for (const [role, actions] of byRole) {
      expect([...new Set(actions)].sort()).toEqual(
        /Worker/.test(role)
          ? ['dynamodb:BatchWriteItem', 'dynamodb:PutItem']
          : ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      );
    }
    synth.templates.runtime.hasResourceProperties('AWS::BedrockAgentCore::Runtime', {
      EnvironmentVariables: Match.objectLike({ AUDIT_TABLE: Match.anyValue(), AUDIT_TTL_DAYS: '180' }),
    });
  });
});
