/** Chat user → Cognito identity for the bot: createIdentityService (the workers' IdentityPort). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoUserDirectory, DynamoAccountRegistry, DynamoChannelPolicyReader } from '#access/index.ts';
import { requireSetting } from '#common/env.ts';
import { tableName } from '#contracts/tables.ts';
import { DirectoryAccess } from './access.ts';
import { type IdentityConfig, identityConfig } from './config.ts';
import { IdentityService } from './IdentityService.ts';
import { DynamoIdentityStore } from './identity-store.ts';
import { LinkIssuer } from './link-issuer.ts';
import { DynamoLinkStateStore } from './link-state-store.ts';
import { WorkspaceAllowList } from './workspaces.ts';

export { DirectoryAccess } from './access.ts';
export { identityConfig } from './config.ts';
export { LinkStateError } from './errors.ts';
export type { ChatIdentity } from './identity-store.ts';
export { signLinkState, verifyLinkState } from './link-state.ts';
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

export interface IdentityStores {
  readonly config: IdentityConfig;
  readonly now: () => number;
  readonly identities: DynamoIdentityStore;
  readonly states: DynamoLinkStateStore;
  readonly directory: CognitoUserDirectory;
  readonly allowedWorkspaces: WorkspaceAllowList;
}

/**
 * The identity area's stores, wired from the environment the same way for the workers and the
 * link callback. `directoryCacheMs`: how long a Cognito answer is reused. @default the directory's
 */
export function identityStores(
  options: CreateIdentityServiceOptions & { readonly directoryCacheMs?: number } = {},
): IdentityStores {
  const env = options.env ?? process.env;
  const config = identityConfig(env);
  const documentClient = options.documentClient ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const now = options.now ?? Date.now;
  return {
    config,
    now,
    identities: new DynamoIdentityStore({
      client: documentClient,
      tableName: tableName('identities', env),
      now,
    }),
    states: new DynamoLinkStateStore({ client: documentClient, tableName: tableName('state', env) }),
    directory: new CognitoUserDirectory({
      client: options.cognitoClient ?? new CognitoIdentityProviderClient({}),
      userPoolId: requireSetting(config.userPoolId, 'USER_POOL_ID'),
      ...(options.directoryCacheMs === undefined ? {} : { cacheTtlMs: options.directoryCacheMs }),
      now,
    }),
    allowedWorkspaces: new WorkspaceAllowList(config.allowedWorkspaces),
  };
}

/** The IdentityService the Slack and Teams workers use, wired from the environment. */
export function createIdentityService(options: CreateIdentityServiceOptions = {}): IdentityService {
  const { config, now, identities, states, directory, allowedWorkspaces } = identityStores(options);
  return new IdentityService({
    identities,
    directory,
    links: new LinkIssuer({
      states,
      cognitoDomain: requireSetting(config.cognitoDomain, 'COGNITO_DOMAIN'),
      clientId: requireSetting(config.linkClientId, 'LINK_CLIENT_ID'),
      callbackUrl: requireSetting(config.linkCallbackUrl, 'LINK_CALLBACK_URL'),
      stateSecret: requireSetting(config.linkStateSecret, 'LINK_STATE_SECRET'),
      ttlSeconds: config.linkTtlSeconds,
      now,
    }),
    allowedWorkspaces,
    now,
  });
}

/**
 * What a tapper may read, wired from the environment (USER_POOL_ID, ACCOUNTS_TABLE, CHANNELS_TABLE):
 * the workers' AccessPort for buttons.
 */
export function createDirectoryAccess(options: CreateIdentityServiceOptions = {}): DirectoryAccess {
  const env = options.env ?? process.env;
  const documentClient = options.documentClient ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { directory } = identityStores({ ...options, documentClient });
  return new DirectoryAccess({
    directory,
    channels: new DynamoChannelPolicyReader({
      client: documentClient,
      tableName: tableName('channels', env),
    }),
    registry: new DynamoAccountRegistry({ client: documentClient, tableName: tableName('accounts', env) }),
  });
}
