import { Aws, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { alertSources } from '#contracts/alert-sources.ts';
import { PUT_ALERT_EVENTS_ACTIONS } from '../perms.ts';

export interface MemberAlertsStackProps extends StackProps {
  /** Default of the CentralEventBusArn parameter. @default none: required at deploy */
  readonly centralEventBusArn?: string;
}

/**
 * The member side of alerts, for a service-managed StackSet deployed to every region a member
 * account uses (alarms and findings are regional): one rule per source on the account's default bus
 * forwarding its events to the central alert bus, through a role that may only put events there.
 * A template of its own, apart from the member role's: that one is deployed in one region (IAM is
 * global and its role has a fixed name), this one in all of them.
 */
export class MemberAlertsStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberAlertsStackProps = {}) {
    super(scope, id, props);
    const busArn = new CfnParameter(this, 'CentralEventBusArn', {
      description:
        "ARN of CentralOps' alert bus in the central account (the Alerts stack's AlertBusArn output)",
      allowedPattern: 'arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.-]+',
      ...(props.centralEventBusArn ? { default: props.centralEventBusArn } : {}),
    });

    const role = new iam.CfnRole(this, 'ForwardRole', {
      description: 'CentralOps: EventBridge forwards alert events to the central alert bus',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only this account's own rules may use it (confused-deputy guard).
            Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          },
        ],
      },
      policies: [
        {
          policyName: 'PutToCentralAlertBus',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: [...PUT_ALERT_EVENTS_ACTIONS], Resource: busArn.valueAsString },
            ],
          },
        },
      ],
    });

    for (const source of alertSources()) {
      new events.CfnRule(this, `${source.id[0]!.toUpperCase()}${source.id.slice(1)}ForwardRule`, {
        description: `CentralOps: ${source.title} events → the central alert bus`,
        eventBusName: 'default',
        state: 'ENABLED',
        // Every GuardDuty finding is forwarded: the central rule applies the configured floor.
        eventPattern: source.pattern({ guardDutyMinSeverity: 1 }),
        targets: [{ id: 'CentralAlertBus', arn: busArn.valueAsString, roleArn: role.attrArn }],
      });
    }
  }
}
