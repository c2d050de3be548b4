import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { Bundle } from '../bundles.ts';
import { BundledFunction } from '../constructs/bundled-function.ts';
import { ASSUME_TARGET_ROLE_ACTIONS } from '../perms.ts';
import { tableEnvironment } from './data-stack.ts';

export interface BridgeStackProps extends StackProps {
  /** The bridge bundle (bridge/src/handler.ts). */
  readonly bundle: Bundle;
  /** The account registry: the bridge refuses any account not in it. */
  readonly accountsTable: dynamodb.ITable;
  /** AWS Organizations id; the bridge may assume roles in this organization only. */
  readonly orgId: string;
  /** Name of the bridge's role; member accounts trust exactly this role. */
  readonly roleName: string;
  /** Role assumed in member accounts (TARGET_ROLE_NAME). */
  readonly targetRoleName: string;
  /** @default undefined: no ExternalId */
  readonly externalId?: string;
  /** The AWS MCP Server URL (AWS_MCP_ENDPOINT). */
  readonly mcpEndpoint: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
}

/** The AgentCore Gateway's Lambda target: assumes the member role and calls the AWS MCP Server. */
export class BridgeStack extends Stack {
  readonly bridge: BundledFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BridgeStackProps) {
    super(scope, id, props);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'CentralOps bridge: assumes the read-only role of registered member accounts',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ],
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeMemberTargetRole',
        actions: [...ASSUME_TARGET_ROLE_ACTIONS],
        // The role name in any account, but only accounts of our organization.
        resources: [`arn:${Stack.of(this).partition}:iam::*:role/${props.targetRoleName}`],
        conditions: { StringEquals: { 'aws:ResourceOrgID': props.orgId } },
      }),
    );
    this.bridge = new BundledFunction(this, 'Bridge', {
      bundle: props.bundle,
      description: 'CentralOps bridge: read-only AWS MCP Server calls in member accounts',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      logRetentionDays: props.logRetentionDays,
      alarmTopicArn: props.alarmTopicArn,
      role: this.role,
      environment: {
        ...tableEnvironment({ accounts: props.accountsTable }),
        TARGET_ROLE_NAME: props.targetRoleName,
        AWS_MCP_ENDPOINT: props.mcpEndpoint,
        ...(props.externalId ? { EXTERNAL_ID: props.externalId } : {}),
      },
    });
    props.accountsTable.grantReadData(this.bridge.function);
  }
}
