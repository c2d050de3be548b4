/**
 * Who may read which account, read at request time: the account registry, the channels' policies,
 * the users' Cognito groups, and the rule that combines them; and the audit of who read what. The
 * agent and the bridge stand on it (the bridge for the registry alone); the bot for the user
 * directory (identity, whoami) and the audit of the questions it stops.
 */

export type { AccountRegistry, DynamoAccountRegistryOptions } from './account-registry.ts';
export { DynamoAccountRegistry } from './account-registry.ts';
export { AuditLog, type AuditLogger, type AuditLogOptions } from './audit-log.ts';
export type { AuditRange, AuditStore } from './audit-store.ts';
export { DynamoAuditStore } from './audit-store.ts';
export { auditErrorMessage, auditQuestionText } from './audit-text.ts';
export { authorizeAccounts } from './authorize.ts';
export type { ChannelPolicyReader, ChannelPolicyWriter } from './channel-policy.ts';
export { DynamoChannelPolicyReader } from './channel-policy.ts';
export { OPS_ADMINS_GROUP, parseGroup } from './groups.ts';
export type { DirectoryUser, UserDirectory } from './user-directory.ts';
export { CognitoUserDirectory } from './user-directory.ts';
