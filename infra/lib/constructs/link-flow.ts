import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LINK_STATE_SECRET, secretIdVariable } from '#contracts/environment.ts';
import { USER_DIRECTORY_READ_ACTIONS } from '../perms.ts';

/** The link flow (auth stack) as the functions that run it see it: the callback and the bot workers. */
export interface LinkFlowSettings {
  /** Looked up (enabled, groups) before the functions act for a user. */
  readonly userPool: cognito.IUserPool;
  /** Hosted UI base URL. */
  readonly cognitoDomainUrl: string;
  readonly linkClientId: string;
  readonly linkCallbackUrl: string;
  readonly linkStateSecret: secretsmanager.ISecret;
}

/** The link-flow variables of a function's environment; pair with grantLinkFlow. */
export function linkFlowEnvironment(settings: LinkFlowSettings): Record<string, string> {
  return {
    USER_POOL_ID: settings.userPool.userPoolId,
    COGNITO_DOMAIN: settings.cognitoDomainUrl,
    LINK_CLIENT_ID: settings.linkClientId,
    LINK_CALLBACK_URL: settings.linkCallbackUrl,
    [secretIdVariable(LINK_STATE_SECRET)]: settings.linkStateSecret.secretArn,
  };
}

/** Lets a function given linkFlowEnvironment read the user directory and the state key. */
export function grantLinkFlow(grantee: iam.IGrantable, settings: LinkFlowSettings): void {
  settings.userPool.grant(grantee, ...USER_DIRECTORY_READ_ACTIONS);
  settings.linkStateSecret.grantRead(grantee);
}
