import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_EVENT_NAMES } from '#contracts/registry-sync.ts';
import { REPO_ROOT } from '#infra/lib/bundles.ts';
import { CentralOpsNagChecks } from '#infra/lib/nag.ts';
import {
  ORGANIZATIONS_ACCESS_TEMPLATE_PATH,
  organizationsAccessTemplate,
} from '#infra/lib/organizations-access-template.ts';
import { ORGANIZATION_READ_ACTIONS } from '#infra/lib/perms.ts';
import { OrganizationsAccessStack } from '#infra/lib/stacks/organizations-access-stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const template = organizationsAccessTemplate();
const resources = template.Resources as Record<string, Resource>;
const readRole = resources.ReadRole!.Properties as {
  AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] };
  Policies: { PolicyDocument: { Statement: { Effect: string; Action: string[]; Resource: string }[] } }[];
};

describe('OrganizationsAccessStack', () => {
  it('is the template committed for operators (run infra/bin/organizations-access-template.ts after a change)', async () => {
    // Act
    const committed = JSON.parse(
      await readFile(path.join(REPO_ROOT, ORGANIZATIONS_ACCESS_TEMPLATE_PATH), 'utf8'),
    );

    // Assess
    expect(committed).toEqual(template);
  });

  it('needs no CDK bootstrap and refuses to deploy outside us-east-1', () => {
    // Assess
    expect(template.Parameters).not.toHaveProperty('BootstrapVersion');
    expect(JSON.stringify(template)).not.toContain('cdk-');
    expect(template).toHaveProperty('Rules.DeployedInUsEast1.Assertions', [
      {
        Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        AssertDescription: expect.stringContaining('us-east-1'),
      },
    ]);
  });

  it('lets the read role list and describe the organization, nothing more', () => {
    // Act
    const statements = readRole.Policies.flatMap((policy) => policy.PolicyDocument.Statement);

    // Assess
    expect(statements).toEqual([{ Effect: 'Allow', Action: [...ORGANIZATION_READ_ACTIONS], Resource: '*' }]);
    expect(
      ORGANIZATION_READ_ACTIONS.every((action) => /^organizations:(List|Describe)\w+$/.test(action)),
    ).toBe(true);
  });

  it('trusts the central registry sync role, and the operator role only when one is given', () => {
    // Act
    const [trust] = readRole.AssumeRolePolicyDocument.Statement;
    const principalArn = (trust as { Condition: { ArnLike: Record<string, { 'Fn::If': unknown[] }> } })
      .Condition.ArnLike['aws:PrincipalArn']!;
    const [condition, withOperator, withoutOperator] = principalArn['Fn::If'];
    const syncRoleArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':iam::',
          { Ref: 'CentralAccountId' },
          ':role/',
          { Ref: 'RegistrySyncRoleName' },
        ],
      ],
    };

    // Assess
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    expect(condition).toBe('HasOperatorRole');
    expect(withOperator).toEqual([syncRoleArn, { Ref: 'OperatorRoleArn' }]);
    expect(withoutOperator).toEqual([syncRoleArn]);
  });

  it("forwards the organization's account events to the central bus, with a role that may only put there", () => {
    // Act
    const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties as {
      EventPattern: { source: string[]; 'detail-type': string[]; detail: { eventName: string[] } };
      Targets: { Arn: unknown; RoleArn: unknown }[];
    };
    const forwarder = resources.ForwarderRole!.Properties as typeof readRole;

    // Assess
    expect(rule.EventPattern.source).toEqual(['aws.organizations']);
    expect(rule.EventPattern['detail-type']).toEqual([
      'AWS API Call via CloudTrail',
      'AWS Service Event via CloudTrail',
    ]);
    expect(rule.EventPattern.detail.eventName).toEqual([...ORGANIZATION_EVENT_NAMES]);
    expect(rule.Targets).toEqual([
      {
        Id: 'CentralOpsRegistrySync',
        Arn: { Ref: 'OrganizationEventBusArn' },
        RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] },
      },
    ]);
    expect(forwarder.Policies[0]!.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['events:PutEvents'], Resource: { Ref: 'OrganizationEventBusArn' } },
    ]);
  });

  it('passes cdk-nag AwsSolutions with every finding accepted for a reason', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new OrganizationsAccessStack(app, 'CentralOpsOrganizationsAccess', {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    Template.fromStack(stack);

    // Act
    const findings = new CentralOpsNagChecks().unaccepted(app);

    // Assess
    expect(findings).toEqual([]);
  });
});
