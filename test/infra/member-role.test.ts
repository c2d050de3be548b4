import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { checkCall } from '#bridge/src/guard/operation-policy.ts';
import { ROLE_PROBE_IDENTITY } from '#contracts/registry-sync.ts';
import { REPO_ROOT } from '#infra/lib/bundles.ts';
import { MEMBER_ROLE_TEMPLATE_PATH, memberRoleTemplate } from '#infra/lib/member-role-template.ts';
import { CentralOpsNagChecks } from '#infra/lib/nag.ts';
import { MEMBER_DENIED_SECRET_READS } from '#infra/lib/perms.ts';
import { MemberRoleStack } from '#infra/lib/stacks/member-role-stack.ts';

type Join = { 'Fn::Join': [string, unknown[]] };

interface TrustStatement {
  readonly Action: string[];
  readonly Principal: { readonly AWS: Join };
  readonly Condition: {
    readonly ArnEquals: Record<string, Join>;
    readonly Null: Record<string, string>;
    readonly StringEquals: Record<string, unknown>;
  };
}

/** The parts of the synthesized TargetRole these tests read. */
interface TargetRoleProperties {
  readonly AssumeRolePolicyDocument: {
    readonly Statement: [
      { 'Fn::If': [string, TrustStatement, TrustStatement] },
      { 'Fn::If': [string, TrustStatement, TrustStatement] },
    ];
  };
  readonly ManagedPolicyArns: [{ 'Fn::If': [string, unknown, unknown] }];
  readonly Policies: [
    {
      readonly PolicyDocument: {
        readonly Statement: [
          { Effect: string; Action: string[]; Resource: string },
          { Effect: string; Action: string; Resource: string; Condition: Record<string, unknown> },
        ];
      };
    },
  ];
}

const template = memberRoleTemplate();
const role = (template.Resources as Record<string, { Properties: TargetRoleProperties }>).TargetRole!
  .Properties;

/** The two trust statements (with and without ExternalId), chosen by the HasExternalId condition. */
function trustStatements(): [withExternalId: TrustStatement, withoutExternalId: TrustStatement] {
  const [statement] = role.AssumeRolePolicyDocument.Statement;
  const [condition, withExternalId, withoutExternalId] = statement['Fn::If'];
  expect(condition).toBe('HasExternalId');
  return [withExternalId, withoutExternalId];
}

describe('MemberRoleStack', () => {
  it('synthesizes the StackSet template unchanged', () => {
    // Assess
    expect(template).toMatchSnapshot();
  });

  it('is the template committed for operators (run infra/bin/member-role-template.ts after a change)', async () => {
    // Act
    const committed = JSON.parse(await readFile(path.join(REPO_ROOT, MEMBER_ROLE_TEMPLATE_PATH), 'utf8'));

    // Assess
    expect(committed).toEqual(template);
  });

  it('needs no CDK bootstrap in member accounts', () => {
    // Assess
    expect(template.Parameters).not.toHaveProperty('BootstrapVersion');
    expect(template).not.toHaveProperty('Rules');
    expect(JSON.stringify(template)).not.toContain('cdk-');
  });

  it('trusts only the central bridge role, from inside the organization, and lets it set SourceIdentity', () => {
    // Act
    for (const statement of trustStatements()) {
      // Assess
      expect(statement.Action).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
      expect(statement.Principal.AWS['Fn::Join'][1]).toEqual([
        'arn:',
        { Ref: 'AWS::Partition' },
        ':iam::',
        { Ref: 'CentralAccountId' },
        ':root',
      ]);
      expect(statement.Condition.ArnEquals['aws:PrincipalArn']?.['Fn::Join'][1]).toEqual([
        'arn:',
        { Ref: 'AWS::Partition' },
        ':iam::',
        { Ref: 'CentralAccountId' },
        ':role/',
        { Ref: 'BridgeRoleName' },
      ]);
      expect(statement.Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'OrganizationId' });
    }
  });

  it('refuses a session without a SourceIdentity (the chat user), and one from outside the organization', () => {
    // Act
    for (const statement of trustStatements()) {
      // Assess: both conditions sit on the one statement that allows AssumeRole and SetSourceIdentity
      expect(statement.Condition.Null).toEqual({ 'sts:SourceIdentity': 'false' });
      expect(statement.Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'OrganizationId' });
      expect(statement.Action).toContain('sts:AssumeRole');
    }
  });

  it('requires the ExternalId when one is given, and only then', () => {
    // Act
    const [withExternalId, withoutExternalId] = trustStatements();

    // Assess
    expect(withExternalId.Condition.StringEquals['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
    expect(withoutExternalId.Condition.StringEquals).not.toHaveProperty('sts:ExternalId');
    expect(template.Conditions).toHaveProperty('HasExternalId', {
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }],
    });
  });

  it('lets the registry sync assume it only as its probe identity, which may do nothing', () => {
    // Prepare
    const [, probe] = role.AssumeRolePolicyDocument.Statement;
    const [condition, withExternalId, withoutExternalId] = probe['Fn::If'];
    const [, deny] = role.Policies[0].PolicyDocument.Statement;

    // Assess
    expect(condition).toBe('HasExternalId');
    for (const statement of [withExternalId, withoutExternalId]) {
      expect(statement.Condition.ArnEquals['aws:PrincipalArn']?.['Fn::Join'][1]).toEqual([
        'arn:',
        { Ref: 'AWS::Partition' },
        ':iam::',
        { Ref: 'CentralAccountId' },
        ':role/',
        { Ref: 'RegistrySyncRoleName' },
      ]);
      expect(statement.Condition.StringEquals).toMatchObject({
        'aws:PrincipalOrgID': { Ref: 'OrganizationId' },
        'sts:SourceIdentity': ROLE_PROBE_IDENTITY,
      });
    }
    expect(withExternalId.Condition.StringEquals['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
    expect(deny).toEqual({
      Sid: 'DenyTheRoleProbeEverything',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceIdentity': ROLE_PROBE_IDENTITY } },
    });
  });

  it('grants ReadOnlyAccess or ViewOnlyAccess as the AccessPolicy parameter says', () => {
    // Assess
    expect(template.Parameters).toHaveProperty('AccessPolicy.AllowedValues', [
      'ReadOnlyAccess',
      'ViewOnlyAccess',
    ]);
    const [choice] = role.ManagedPolicyArns;
    expect(choice['Fn::If'][0]).toBe('UseViewOnlyAccess');
    expect(JSON.stringify(choice['Fn::If'][1])).toContain(':iam::aws:policy/job-function/ViewOnlyAccess');
    expect(JSON.stringify(choice['Fn::If'][2])).toContain(':iam::aws:policy/ReadOnlyAccess');
  });

  it('denies reads that return secrets or data, whatever the AWS policy allows', () => {
    // Act
    const [deny] = role.Policies[0].PolicyDocument.Statement;

    // Assess
    expect(deny.Effect).toBe('Deny');
    expect(deny.Resource).toBe('*');
    expect(deny.Action).toEqual([...MEMBER_DENIED_SECRET_READS]);
    for (const action of [
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'kms:Decrypt',
      's3:GetObject',
    ]) {
      expect(deny.Action).toContain(action);
    }
  });

  it.each([
    ['dynamodb:PartiQLSelect', 'dynamodb', 'ExecuteStatement'],
    ['athena:GetQueryResults', 'athena', 'GetQueryResults'],
    ['s3:GetObject', 's3', 'GetObject'],
    ['ec2:DescribeInstanceAttribute', 'ec2', 'DescribeInstanceAttribute'],
    ['redshift-data:GetStatementResult', 'redshift-data', 'GetStatementResult'],
    ['kinesis:GetRecords', 'kinesis', 'GetRecords'],
  ])('denies %s, a data read the bridge refuses too', (action, service, operation) => {
    // Act
    const [deny] = role.Policies[0].PolicyDocument.Statement;
    const guard = checkCall(service, operation, { Attribute: 'userData' });
    // Assess
    expect(deny.Action).toContain(action);
    expect(guard.allowed).toBe(false);
  });

  it('passes cdk-nag AwsSolutions with every finding accepted for a reason', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new MemberRoleStack(app, 'CentralOpsMemberRole', {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    Template.fromStack(stack);

    // Act
    const findings = new CentralOpsNagChecks().unaccepted(app);

    // Assess
    expect(findings).toEqual([]);
  });
});
