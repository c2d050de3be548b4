/**
 * The one definition of CentralOps' DynamoDB tables: `infra/` declares them from it and the local
 * stand-ins (dynalite) create them from it, so the key schema cannot drift between the two.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Environment variable that overrides the table's name (docs/architecture.md). */
  readonly envVar: string;
  readonly defaultName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, when the table has a TTL. */
  readonly timeToLiveAttribute?: string;
}

export const TABLES = {
  /** Account registry: one item per member account, keyed by its 12-digit id. */
  accounts: {
    envVar: 'ACCOUNTS_TABLE',
    defaultName: 'centralops-accounts',
    partitionKey: { name: 'id', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'by-environment',
        partitionKey: { name: 'environment', type: 'S' },
        sortKey: { name: 'name', type: 'S' },
      },
    ],
  },
  /** Chat user → Cognito identity, keyed `<platform>#<workspace>#<user>` (see identityKey). */
  identities: {
    envVar: 'IDENTITIES_TABLE',
    defaultName: 'centralops-identities',
    partitionKey: { name: 'key', type: 'S' },
    globalSecondaryIndexes: [
      { indexName: 'by-cognito-sub', partitionKey: { name: 'cognitoSub', type: 'S' } },
    ],
  },
  /** Channel → allowed environments, keyed `<platform>#<workspace>#<channel>` (see channelKey). */
  channels: {
    envVar: 'CHANNELS_TABLE',
    defaultName: 'centralops-channels',
    partitionKey: { name: 'key', type: 'S' },
    globalSecondaryIndexes: [],
  },
  /**
   * Short-lived records: dedupe/idempotency (Powertools' layout: `id`, `expiration`), link-flow
   * nonces, kept answers, answered threads (see STATE_KEY_PREFIXES). Every record expires through the TTL.
   */
  state: {
    envVar: 'STATE_TABLE',
    defaultName: 'centralops-state',
    partitionKey: { name: 'id', type: 'S' },
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
  /**
   * One record per question and per button tap (contracts/audit.ts), expiring through the TTL
   * (AUDIT_TTL_DAYS): the question under `q#<questionId>`, and a slice per account it touched under
   * `a#<accountId>` sorted by time ("what did CentralOps do in account X between T1 and T2"); the
   * sparse indexes find a user's questions by Cognito user or by chat user ("what did U ask").
   */
  audit: {
    envVar: 'AUDIT_TABLE',
    defaultName: 'centralops-audit',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'by-user',
        partitionKey: { name: 'user', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        indexName: 'by-chat-user',
        partitionKey: { name: 'chatUser', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKind = keyof typeof TABLES;

/**
 * How the state table's records are keyed. Each function may reach only the records under its own
 * prefixes (IAM `dynamodb:LeadingKeys`), so a public ack path can never read a PKCE verifier.
 */
export const STATE_KEY_PREFIXES = {
  /** Dedupe claims: `dedupe#<scope>#…`, one scope per function (chat-platforms.ts `dedupeScopes`). */
  dedupe: 'dedupe#',
  /** Link nonces: `link#<nonce>`. */
  link: 'link#',
  /** An alert's thread in one channel (root message, status, recent changes): `alert#<hash>`. */
  alert: 'alert#',
  /** A channel's alerts muted until `expiration`: `mute#<platform>#<workspace>#<channel>`. */
  mute: 'mute#',
  /** Finished answers kept 15 minutes for their buttons (Show more, Details): `answer#<id>`. */
  answer: 'answer#',
  /** Threads CentralOps answered in, for follow-ups without a mention: `thread#<platform>#<workspace>#<channel>#<thread>`. */
  thread: 'thread#',
} as const;

/** The leading part of every state-table key one dedupe scope writes: `dedupe#<scope>#`. */
export function dedupeKeyPrefix(scope: string): string {
  return `${STATE_KEY_PREFIXES.dedupe}${scope}#`;
}

/** The table's name in this environment: its env var when set, else the documented default. */
export function tableName(kind: TableKind, env: NodeJS.ProcessEnv = process.env): string {
  const table = TABLES[kind];
  return env[table.envVar] || table.defaultName;
}
