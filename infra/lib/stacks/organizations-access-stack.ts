import { Aws, CfnCondition, CfnOutput, CfnParameter, CfnRule, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ORGANIZATION_EVENT_PATTERN } from '#contracts/registry-sync.ts';
import { registrySyncRoleName } from '../config.ts';
import { FORWARD_EVENTS_ACTIONS, ORGANIZATION_READ_ACTIONS } from '../perms.ts';

/** Default of the ReadRoleName parameter: the role rules.yaml names (`organization.roleArn`). */
export const DEFAULT_ORGANIZATION_READ_ROLE_NAME = 'CentralOpsOrganizationsRead';

export interface OrganizationsAccessStackProps extends StackProps {
  /** Default of the RegistrySyncRoleName parameter. @default the 'dev' environment's registrySyncRoleName */
  readonly registrySyncRoleName?: string;
}

/**
 * What the registry sync needs in the management account, as a plain template deployed there in
 * us-east-1 (where Organizations' CloudTrail events reach EventBridge): a role that may only read
 * the organization, trusted by the central sync role (and an operator role, for the CLI), and a
 * rule forwarding the account events to the central account's organization-events bus.
 */
export class OrganizationsAccessStack extends Stack {
  constructor(scope: Construct, id: string, props: OrganizationsAccessStackProps = {}) {
    super(scope, id, props);
    const centralAccountId = new CfnParameter(this, 'CentralAccountId', {
      description: 'Account id where CentralOps (its registry sync Lambda) runs',
      allowedPattern: '\\d{12}',
    });
    const syncRoleName = new CfnParameter(this, 'RegistrySyncRoleName', {
      description: "Name of the registry sync Lambda's role in the central account",
      default: props.registrySyncRoleName ?? registrySyncRoleName({ envName: 'dev' }),
      allowedPattern: '[\\w+=,.@-]{1,64}',
    });
    const operatorRoleArn = new CfnParameter(this, 'OperatorRoleArn', {
      description:
        'ARN pattern of a central-account role that may also read the organization, to run `npm run seed -- --from-organizations` (empty for none)',
      default: '',
    });
    const readRoleName = new CfnParameter(this, 'ReadRoleName', {
      description: 'Name of the organization-read role (rules.yaml organization.roleArn names it)',
      default: DEFAULT_ORGANIZATION_READ_ROLE_NAME,
      allowedPattern: '[\\w+=,.@-]{1,64}',
    });
    const busArn = new CfnParameter(this, 'OrganizationEventBusArn', {
      description: 'The RegistrySync stack output OrganizationEventBusArn (central account)',
      allowedPattern: 'arn:aws[\\w-]*:events:[\\w-]+:\\d{12}:event-bus/[\\w.-]+',
    });
    const hasOperator = new CfnCondition(this, 'HasOperatorRole', {
      expression: Fn.conditionNot(Fn.conditionEquals(operatorRoleArn.valueAsString, '')),
    });
    const syncRoleArn = `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:role/${syncRoleName.valueAsString}`;
    new CfnRule(this, 'DeployedInUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription: "Deploy in us-east-1: AWS Organizations' events reach EventBridge there only",
        },
      ],
    });

    const readRole = new iam.CfnRole(this, 'ReadRole', {
      roleName: readRoleName.valueAsString,
      description: 'CentralOps registry sync: reads the organization (accounts, OUs, tags), nothing else',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            // The central account as principal, narrowed to the sync role (and the operator's) by
            // aws:PrincipalArn: the trust survives those roles being recreated.
            Principal: { AWS: `arn:${Aws.PARTITION}:iam::${centralAccountId.valueAsString}:root` },
            Action: 'sts:AssumeRole',
            Condition: {
              ArnLike: {
                'aws:PrincipalArn': Fn.conditionIf(
                  hasOperator.logicalId,
                  [syncRoleArn, operatorRoleArn.valueAsString],
                  [syncRoleArn],
                ),
              },
            },
          },
        ],
      },
      policies: [
        {
          policyName: 'ReadOrganization',
          policyDocument: {
            Version: '2012-10-17',
            // These Organizations reads take no resource narrower than the organization.
            Statement: [{ Effect: 'Allow', Action: [...ORGANIZATION_READ_ACTIONS], Resource: '*' }],
          },
        },
      ],
    });

    const forwarderRole = new iam.CfnRole(this, 'ForwarderRole', {
      description: "CentralOps: EventBridge forwards the organization's account events to the central bus",
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      policies: [
        {
          policyName: 'PutEventsToCentralBus',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: [...FORWARD_EVENTS_ACTIONS], Resource: busArn.valueAsString },
            ],
          },
        },
      ],
    });
    new events.CfnRule(this, 'ForwardOrganizationEvents', {
      description: 'CentralOps: accounts created, joined, moved, tagged, closed or gone → the registry sync',
      state: 'ENABLED',
      eventPattern: {
        source: ORGANIZATION_EVENT_PATTERN.source,
        'detail-type': ORGANIZATION_EVENT_PATTERN.detailType,
        detail: ORGANIZATION_EVENT_PATTERN.detail,
      },
      targets: [{ id: 'CentralOpsRegistrySync', arn: busArn.valueAsString, roleArn: forwarderRole.attrArn }],
    });
    new CfnOutput(this, 'ReadRoleArn', {
      value: readRole.attrArn,
      description: 'organization.roleArn of rules.yaml',
    });
  }
}
