/**
 * Every IAM action list the CentralOps stacks grant or deny, in one place (as the CDK L2 modules
 * keep theirs in `perms.ts`). No list holds `*` or `<service>:*`: tests assert it.
 */

/**
 * Bridge → member accounts. `sts:SetSourceIdentity` carries the verified chat user into every
 * member account's CloudTrail. No `sts:TagSession`: the bridge passes no session tags.
 */
export const ASSUME_TARGET_ROLE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity'] as const;

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

/** Bot workers → state table, on new link nonces only: write, never read. */
export const LINK_ISSUE_ACTIONS = ['dynamodb:PutItem'] as const;

/** Link callback → state table, on link nonces only: read one, stage the sign-in, claim it. */
export const LINK_COMPLETE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

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
