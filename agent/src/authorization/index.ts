/** Who may read which account: Cognito groups × channel policy. Used by the agent (and the bot's whoami). */
export { authorizeAccounts } from './authorize.ts';
export type { ChannelPolicyReader } from './channel-policy.ts';
export { DynamoChannelPolicyReader } from './channel-policy.ts';
export { parseGroup } from './groups.ts';
export type { DirectoryUser, UserDirectory } from './user-directory.ts';
export { CognitoUserDirectory } from './user-directory.ts';
