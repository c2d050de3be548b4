/**
 * Every IAM action list the CentralOps stacks grant or deny, in one place (as the CDK L2 modules
 * keep theirs in `perms.ts`). No list holds `*` or `<service>:*`: tests assert it.
 */

/**
 * Bridge → member accounts. `sts:SetSourceIdentity` carries the verified chat user into every
 * member account's CloudTrail. No `sts:TagSession`: the bridge passes no session tags.
 */
export const ASSUME_TARGET_ROLE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity'] as const;

/** Registry sync → the accounts table: read it whole, write the diff in batches. */
export const REGISTRY_SYNC_TABLE_ACTIONS = ['dynamodb:Scan', 'dynamodb:BatchWriteItem'] as const;

/** Registry sync → the organization-read role (management account or delegated administrator). */
export const ASSUME_ORGANIZATION_READ_ROLE_ACTIONS = ['sts:AssumeRole'] as const;

/** The organization-read role: what a sync reads of the organization (registry-seed/src/organizations/read-organization.ts). */
export const ORGANIZATION_READ_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccountsForParent',
  'organizations:ListTagsForResource',
] as const;

/** The management account's rule → the central event bus: forward the organization's events. */
export const FORWARD_EVENTS_ACTIONS = ['events:PutEvents'] as const;

/** Agent runtime, link callback, bot workers → Cognito: read one user and their groups, find a user by `sub`. */
export const USER_DIRECTORY_READ_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:ListUsers',
] as const;

/**
 * Ack paths and workers → state table, on their own dedupe keys only (Powertools Idempotency):
 * claim a delivery (a conditional put, which hands back the record it meets), complete it, or give
 * it back when its work fails. No read: the table also holds link nonces and PKCE verifiers.
 */
export const DEDUPE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/**
 * Bot workers → state table, on kept answers (`answer#`, Show more / Details) and answered threads
 * (`thread#`, follow-ups without a mention): keep one, read one back.
 */
export const CONVERSATION_STATE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:GetItem'] as const;

/** Ack paths → state table, on answered threads only: is this reply in a thread CentralOps answered? */
export const ANSWERED_THREAD_READ_ACTIONS = ['dynamodb:GetItem'] as const;

/** Bot workers → state table, on new link nonces only: write, never read. */
export const LINK_ISSUE_ACTIONS = ['dynamodb:PutItem'] as const;

/** Link callback → state table, on link nonces only: read one, stage the sign-in, claim it. */
export const LINK_COMPLETE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/** Agent runtime → channels table, beyond reads: an ops-admin sets a channel's policy from chat. */
export const CHANNEL_POLICY_WRITE_ACTIONS = ['dynamodb:PutItem'] as const;

/** Bot workers → identities table, beyond reads: drop the mapping of a user deleted from Cognito. */
export const IDENTITY_UNLINK_ACTIONS = ['dynamodb:DeleteItem'] as const;

/**
 * Agent runtime and bot workers → audit table: write a question's record (its item, and one per
 * account it touched, in batches). No update or delete: a record is never rewritten but by a
 * put of the same question.
 */
export const AUDIT_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const;

/** Agent runtime → audit table and its user indexes: `/ops audit`'s queries (never a scan). */
export const AUDIT_READ_ACTIONS = ['dynamodb:Query'] as const;

/**
 * Agent runtime → Bedrock. ConverseStream has no IAM action of its own: it is authorized by
 * `bedrock:InvokeModelWithResponseStream`.
 */
export const MODEL_STREAM_ACTIONS = ['bedrock:InvokeModelWithResponseStream'] as const;

/**
 * Explicit denies in every member role: reads that return secrets or data rather than
 * configuration, the same reads the bridge's operation policy refuses (bridge/src/guard/
 * operation-policy.ts), so IAM refuses what the guard would. They win over ReadOnlyAccess/
 * ViewOnlyAccess whatever those AWS policies gain later. IAM cannot look at parameters, so
 * `ec2:DescribeInstanceAttribute` is denied whole (the guard refuses its `userData` attribute;
 * DescribeInstances has the rest) and `ssm:GetParameter*` too (the guard refuses WithDecryption).
 */
export const MEMBER_DENIED_SECRET_READS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'kms:Decrypt',
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTorrent',
  's3:GetObjectVersionTorrent',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:GetRecords',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'redshift-data:GetStatementResult',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'glacier:GetJobOutput',
  'ec2:GetPasswordData',
  'ec2:DescribeInstanceAttribute',
  'lambda:GetFunction',
  'lambda:GetLayerVersion',
  'ecr:GetAuthorizationToken',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'codecommit:GetFile',
  'codecommit:GetBlob',
  'codecommit:GetFolder',
  'rds:DownloadDBLogFilePortion',
  'rds:DownloadCompleteDBLogFile',
  'cognito-idp:AdminGetUser',
  'cognito-idp:DescribeUserPoolClient',
  'appsync:ListApiKeys',
  'gamelift:GetInstanceAccess',
  'iam:GetCredentialReport',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
] as const;

/** Bot workers → state table, on channel mutes only (the alert's Mute button): write, never read. */
export const MUTE_ACTIONS = ['dynamodb:PutItem'] as const;

/** Alert poster → state table, on alert threads and channel mutes only: read one, write one. */
export const ALERT_STATE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/** Member accounts' forwarding rules → the central alert bus. */
export const PUT_ALERT_EVENTS_ACTIONS = ['events:PutEvents'] as const;
