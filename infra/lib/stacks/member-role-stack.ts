import { Aws, CfnCondition, CfnOutput, CfnParameter, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';
import { ROLE_PROBE_IDENTITY } from '#contracts/registry-sync.ts';
import { bridgeRoleName as centralBridgeRoleName, registrySyncRoleName } from '../config.ts';
import { ASSUME_TARGET_ROLE_ACTIONS, MEMBER_DENIED_SECRET_READS } from '../perms.ts';

export interface MemberRoleStackProps extends StackProps {
  /** Default of the RoleName parameter. @default DEFAULT_TARGET_ROLE_NAME */
  readonly targetRoleName?: string;
  /** Default of the BridgeRoleName parameter. @default the 'dev' environment's bridgeRoleName */
  readonly bridgeRoleName?: string;
  /** Default of the RegistrySyncRoleName parameter. @default the 'dev' environment's registrySyncRoleName */
  readonly registrySyncRoleName?: string;
  /** Default of the CentralAccountId parameter. @default none: required at deploy */
  readonly centralAccountId?: string;
  /** Default of the OrganizationId parameter. @default none: required at deploy */
  readonly orgId?: string;
}

/**
 * `CentralOpsTargetRole` for every member account, deployed through a service-managed StackSet:
 * a plain, parameterized template (no assets, no bootstrap) whose role trusts only the central
 * account's bridge role from inside the organization, and only for sessions that carry a
 * SourceIdentity (the chat user), carries ReadOnlyAccess or ViewOnlyAccess, and denies reads that
 * return secrets or data. The registry sync may assume it too, to prove it is there, but only as
 * its probe identity, which is denied every action.
 */
export class MemberRoleStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberRoleStackProps = {}) {
    super(scope, id, props);
    const roleName = new CfnParameter(this, 'RoleName', {
      description: 'Name of the role the CentralOps bridge assumes',
      default: props.targetRoleName ?? DEFAULT_TARGET_ROLE_NAME,
      allowedPattern: '[\\w+=,.@-]{1,64}',
    });
    const centralAccountId = new CfnParameter(this, 'CentralAccountId', {
      description: 'Account id where CentralOps (its bridge Lambda) runs',
      allowedPattern: '\\d{12}',
      ...(props.centralAccountId ? { default: props.centralAccountId } : {}),
    });
    const bridgeRoleName = new CfnParameter(this, 'BridgeRoleName', {
      description: "Name of the bridge Lambda's role in the central account",
      default: props.bridgeRoleName ?? centralBridgeRoleName({ envName: 'dev' }),
      allowedPattern: '[\\w+=,.@-]{1,64}',
    });
    const syncRoleName = new CfnParameter(this, 'RegistrySyncRoleName', {
      description: "Name of the registry sync Lambda's role in the central account (it probes this role)",
      default: props.registrySyncRoleName ?? registrySyncRoleName({ envName: 'dev' }),
      allowedPattern: '[\\w+=,.@-]{1,64}',
    });
    const orgId = new CfnParameter(this, 'OrganizationId', {
      description: 'AWS Organizations id (o-...): callers from outside it are refused',
      allowedPattern: 'o-[a-z0-9]{10,32}',
      ...(props.orgId ? { default: props.orgId } : {}),
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      description: 'ExternalId the bridge must present (EXTERNAL_ID); empty for none',
      default: '',
      noEcho: true,
    });
    const accessPolicy = new CfnParameter(this, 'AccessPolicy', {
      description:
        'AWS managed policy granted: ReadOnlyAccess (configuration reads) or ViewOnlyAccess (lists and metadata)',
      default: 'ReadOnlyAccess',
      allowedValues: ['ReadOnlyAccess', 'ViewOnlyAccess'],
    });

    const hasExternalId = new CfnCondition(this, 'HasExternalId', {
      expression: Fn.conditionNot(Fn.conditionEquals(externalId.valueAsString, '')),
    });
    const viewOnly = new CfnCondition(this, 'UseViewOnlyAccess', {
      expression: Fn.conditionEquals(accessPolicy.valueAsString, 'ViewOnlyAccess'),
    });

    const bridgeRoleArn = `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:role/${bridgeRoleName.valueAsString}`;
    const trust = (withExternalId: boolean) => ({
      Effect: 'Allow',
      // The central account as principal, narrowed to the bridge role by aws:PrincipalArn: the
      // trust survives the bridge role being recreated, and still admits nothing else.
      Principal: { AWS: `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:root` },
      Action: [...ASSUME_TARGET_ROLE_ACTIONS],
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': bridgeRoleArn },
        // A session must name the chat user it acts for: no SourceIdentity, no session.
        Null: { 'sts:SourceIdentity': 'false' },
        StringEquals: {
          'aws:PrincipalOrgID': orgId.valueAsString,
          ...(withExternalId ? { 'sts:ExternalId': externalId.valueAsString } : {}),
        },
      },
    });

    const syncRoleArn = `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:role/${syncRoleName.valueAsString}`;
    const probeTrust = (withExternalId: boolean) => ({
      Effect: 'Allow',
      Principal: { AWS: `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:root` },
      Action: [...ASSUME_TARGET_ROLE_ACTIONS],
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': syncRoleArn },
        StringEquals: {
          'aws:PrincipalOrgID': orgId.valueAsString,
          'sts:SourceIdentity': ROLE_PROBE_IDENTITY,
          ...(withExternalId ? { 'sts:ExternalId': externalId.valueAsString } : {}),
        },
      },
    });

    const role = new iam.CfnRole(this, 'TargetRole', {
      roleName: roleName.valueAsString,
      description: 'CentralOps: read-only access for the central bridge (SourceIdentity = chat user)',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          Fn.conditionIf(hasExternalId.logicalId, trust(true), trust(false)),
          Fn.conditionIf(hasExternalId.logicalId, probeTrust(true), probeTrust(false)),
        ],
      },
      managedPolicyArns: [
        Fn.conditionIf(
          viewOnly.logicalId,
          `arn:${Aws.PARTITION}:iam::aws:policy/job-function/ViewOnlyAccess`,
          `arn:${Aws.PARTITION}:iam::aws:policy/ReadOnlyAccess`,
        ).toString(),
      ],
      policies: [
        {
          policyName: 'DenySecretReads',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenySecretAndDataReads',
                Effect: 'Deny',
                Action: [...MEMBER_DENIED_SECRET_READS],
                Resource: '*',
              },
              {
                // The registry sync's probe proves the role exists; its session may do nothing.
                Sid: 'DenyTheRoleProbeEverything',
                Effect: 'Deny',
                Action: '*',
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceIdentity': ROLE_PROBE_IDENTITY } },
              },
            ],
          },
        },
      ],
    });
    new CfnOutput(this, 'TargetRoleArn', { value: role.attrArn });
  }
}
