/** Chat user → Cognito identity for the bot: IdentityService (IdentityPort) and its parts. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoUserDirectory } from '../../../agent/src/authorization/index.ts';
import { tableName } from '../../../registry-seed/src/tables.ts';
import { identityConfig, required } from './config.ts';
import { IdentityService } from './IdentityService.ts';
import { DynamoIdentityStore } from './identity-store.ts';
import { LinkIssuer } from './link-issuer.ts';
import { DynamoLinkStateStore } from './link-state-store.ts';
import { WorkspaceAllowList } from './workspaces.ts';

export type { IdentityConfig } from './config.ts';
export { identityConfig } from './config.ts';
export type { LinkStateFailure } from './errors.ts';
export { IdentityConfigError, IdentityError, LINK_STATE_FAILURES, LinkStateError } from './errors.ts';
export type { IdentityServiceOptions } from './IdentityService.ts';
export { IdentityService, WORKSPACE_REFUSED_MESSAGE } from './IdentityService.ts';
export type { ChatIdentity, DynamoIdentityStoreOptions, IdentityStore } from './identity-store.ts';
export { DynamoIdentityStore } from './identity-store.ts';
export type { LinkIssuerOptions, LinkUrlIssuer } from './link-issuer.ts';
export { LinkIssuer } from './link-issuer.ts';
export type { LinkStatePayload } from './link-state.ts';
export { signLinkState, verifyLinkState } from './link-state.ts';
export type { DynamoLinkStateStoreOptions, LinkRecord, LinkStateStore } from './link-state-store.ts';
export { DynamoLinkStateStore } from './link-state-store.ts';
export { WorkspaceAllowList } from './workspaces.ts';

export interface CreateIdentityServiceOptions {
  /** @default DynamoDBDocumentClient.from(new DynamoDBClient({})) */
  readonly documentClient?: DynamoDBDocumentClient;
  /** @default new CognitoIdentityProviderClient({}) */
  readonly cognitoClient?: CognitoIdentityProviderClient;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The IdentityService the Slack and Teams workers use, wired from the environment. */
export function createIdentityService(options: CreateIdentityServiceOptions = {}): IdentityService {
  const env = options.env ?? process.env;
  const config = identityConfig(env);
  const documentClient = options.documentClient ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const now = options.now ?? Date.now;
  return new IdentityService({
    identities: new DynamoIdentityStore({
      client: documentClient,
      tableName: tableName('identities', env),
      now,
    }),
    directory: new CognitoUserDirectory({
      client: options.cognitoClient ?? new CognitoIdentityProviderClient({}),
      userPoolId: required(config.userPoolId, 'USER_POOL_ID'),
      now,
    }),
    links: new LinkIssuer({
      states: new DynamoLinkStateStore({ client: documentClient, tableName: tableName('state', env) }),
      cognitoDomain: required(config.cognitoDomain, 'COGNITO_DOMAIN'),
      clientId: required(config.linkClientId, 'LINK_CLIENT_ID'),
      callbackUrl: required(config.linkCallbackUrl, 'LINK_CALLBACK_URL'),
      stateSecret: required(config.linkStateSecret, 'LINK_STATE_SECRET'),
      ttlSeconds: config.linkTtlSeconds,
      now,
    }),
    allowedWorkspaces: new WorkspaceAllowList(config.allowedWorkspaces),
    now,
  });
}
