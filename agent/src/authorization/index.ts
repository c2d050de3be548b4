/** Who may read which account: Cognito groups × channel policy. Used by the agent (and the bot's whoami). */
export type {
  AccountRefusal,
  AuthorizationResult,
  AuthorizeAccountsInput,
  RefusalRule,
} from './authorize.ts';
export { authorizeAccounts, REFUSAL_RULES, UNLISTED_CHANNEL_ENVIRONMENTS } from './authorize.ts';
export type { ChannelPolicyReader, ChannelRef, DynamoChannelPolicyReaderOptions } from './channel-policy.ts';
export { DynamoChannelPolicyReader } from './channel-policy.ts';
export { AuthorizationError, ChannelPolicyError, UserDirectoryError } from './errors.ts';
export type { GroupGrant } from './groups.ts';
export { ALL_READERS_GROUP, grantingGroup, groupsGranting, parseGroup } from './groups.ts';
export type { CognitoUserDirectoryOptions, DirectoryUser, UserDirectory } from './user-directory.ts';
export { CognitoUserDirectory } from './user-directory.ts';
