/**
 * Who may read which account, read at request time: the account registry, the channels' policies,
 * the users' Cognito groups, and the rule that combines them. The agent and the bridge stand on it
 * (the bridge for the registry alone); the bot for the user directory (identity, whoami).
 */
export type { AccountRegistry, DynamoAccountRegistryOptions } from './account-registry.ts';
export { DynamoAccountRegistry } from './account-registry.ts';
export { authorizeAccounts } from './authorize.ts';
export type { ChannelPolicyReader, ChannelPolicyWriter } from './channel-policy.ts';
export { DynamoChannelPolicyReader } from './channel-policy.ts';
export { parseGroup } from './groups.ts';
export type { DirectoryUser, UserDirectory } from './user-directory.ts';
export { CognitoUserDirectory } from './user-directory.ts';
