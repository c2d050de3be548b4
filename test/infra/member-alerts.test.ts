import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { alertSources } from '#contracts/alert-sources.ts';
import { REPO_ROOT } from '#infra/lib/bundles.ts';
import { MEMBER_ALERTS_TEMPLATE_PATH, memberAlertsTemplate } from '#infra/lib/member-role-template.ts';
import { CentralOpsNagChecks } from '#infra/lib/nag.ts';
import { MemberAlertsStack } from '#infra/lib/stacks/member-alerts-stack.ts';

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

const template = memberAlertsTemplate();
const resources = Object.values(template.Resources as Record<string, Resource>);

describe('MemberAlertsStack', () => {
  it('is the template committed for operators (run infra/bin/member-role-template.ts after a change)', async () => {
    // Act
    const committed = JSON.parse(await readFile(path.join(REPO_ROOT, MEMBER_ALERTS_TEMPLATE_PATH), 'utf8'));

    // Assess
    expect(committed).toEqual(template);
  });

  it("forwards each alert source's events from the default bus to the central bus, with the central patterns", () => {
    // Act
    const rules = resources.filter((resource) => resource.Type === 'AWS::Events::Rule');

    // Assess
    expect(rules.map((rule) => rule.Properties.EventPattern)).toEqual(
      alertSources().map((source) => source.pattern({ guardDutyMinSeverity: 1 })),
    );
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toBe('default');
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'CentralAlertBus',
          Arn: { Ref: 'CentralEventBusArn' },
          RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
        },
      ]);
    }
  });

  it("lets EventBridge, for this account's rules only, put events on the central bus and do nothing else", () => {
    // Act
    const [role] = resources.filter((resource) => resource.Type === 'AWS::IAM::Role');

    // Assess
    expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(role?.Properties.Policies).toEqual([
      {
        PolicyName: 'PutToCentralAlertBus',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['events:PutEvents'], Resource: { Ref: 'CentralEventBusArn' } },
          ],
        },
      },
    ]);
    expect(role?.Properties).not.toHaveProperty('RoleName');
  });

  it('needs no CDK bootstrap in member accounts', () => {
    expect(template.Parameters).not.toHaveProperty('BootstrapVersion');
    expect(JSON.stringify(template)).not.toContain('cdk-');
  });

  it('passes cdk-nag AwsSolutions with every finding accepted for a reason', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new MemberAlertsStack(app, 'CentralOpsMemberAlerts', {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    Template.fromStack(stack);

    // Act
    const findings = new CentralOpsNagChecks().unaccepted(app);

    // Assess
    expect(findings).toEqual([]);
  });
});
