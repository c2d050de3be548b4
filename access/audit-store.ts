/**
 * The audit table (contracts/tables.ts `audit`, items from contracts/audit.ts): records are written
 * here by the part that answered or stopped a question, and read back by `/ops audit` for the two
 * questions an auditor asks: what CentralOps did in an account over a time range, and what a user
 * asked. Both are single Query calls on keys, never a Scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Env, readEnv } from '#common/env.ts';
import {
  AUDIT_DEFAULTS,
  AUDIT_KEYS,
  type AuditAccountItem,
  type AuditQuestionItem,
  type AuditRecord,
  auditItems,
} from '#contracts/audit.ts';
import { TABLES, tableName } from '#contracts/tables.ts';
import { AuditWriteError } from './errors.ts';

export interface AuditRange {
  /** ISO 8601, inclusive. */
  readonly from: string;
  /** ISO 8601, inclusive. */
  readonly to: string;
  /** Newest first, at most this many. @default 20 */
  readonly limit?: number;
}

export interface AuditStore {
  /**
   * Stores a record. `ifAbsent`: only when no record of that question exists yet (the bot's record
   * of a question the agent may have recorded already).
   */
  put(record: AuditRecord, options?: { readonly ifAbsent?: boolean }): Promise<void>;
  /** One account's slices of the questions that touched it, newest first. */
  forAccount(accountId: string, range: AuditRange): Promise<AuditAccountItem[]>;
  /** A Cognito user's questions, newest first. */
  forUser(username: string, range: AuditRange): Promise<AuditQuestionItem[]>;
  /** A chat user's questions (contracts/audit.ts chatUserKey), newest first. */
  forChatUser(chatUser: string, range: AuditRange): Promise<AuditQuestionItem[]>;
}

export interface AuditSettings {
  /** AUDIT_TABLE. @default 'centralops-audit' */
  readonly tableName: string;
  /** AUDIT_TTL_DAYS: days a record is kept. @default AUDIT_DEFAULTS.ttlDays (400) */
  readonly ttlDays: number;
}

export function auditSettings(env: Env = process.env): AuditSettings {
  return {
    tableName: tableName('audit', env),
    ttlDays: readEnv(env).positiveNumber('AUDIT_TTL_DAYS', AUDIT_DEFAULTS.ttlDays),
  };
}

interface DynamoAuditStoreOptions extends Partial<AuditSettings> {
  readonly client: DynamoDBDocumentClient;
}

/** BatchWriteItem takes at most 25 items; what DynamoDB leaves unprocessed is sent again. */
const BATCH_SIZE = 25;
const BATCH_ATTEMPTS = 4;
const [BY_USER, BY_CHAT_USER] = TABLES.audit.globalSecondaryIndexes.map((index) => index.indexName) as [
  string,
  string,
];

export class DynamoAuditStore implements AuditStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #ttlDays: number;

  constructor(options: DynamoAuditStoreOptions) {
    const settings = auditSettings();
    this.#client = options.client;
    this.#tableName = options.tableName ?? settings.tableName;
    this.#ttlDays = options.ttlDays ?? settings.ttlDays;
  }

  async put(record: AuditRecord, options: { readonly ifAbsent?: boolean } = {}): Promise<void> {
    const { question, accounts } = auditItems(record, this.#ttlDays);
    if (options.ifAbsent) {
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#tableName,
            Item: question,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return;
        throw error;
      }
      if (accounts.length > 0) await this.#batchPut(accounts);
      return;
    }
    await this.#batchPut([question, ...accounts]);
  }

  async forAccount(accountId: string, range: AuditRange): Promise<AuditAccountItem[]> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': AUDIT_KEYS.accountPartition(accountId),
          ':from': range.from,
          // Sort keys are `<time>#<question>`: every key of the last instant sorts below `~`.
          ':to': `${range.to}~`,
        },
        ScanIndexForward: false,
        Limit: range.limit ?? 20,
      }),
    );
    return (output.Items ?? []) as AuditAccountItem[];
  }

  forUser(username: string, range: AuditRange): Promise<AuditQuestionItem[]> {
    return this.#byIndex(BY_USER, 'user', username, range);
  }

  forChatUser(chatUser: string, range: AuditRange): Promise<AuditQuestionItem[]> {
    return this.#byIndex(BY_CHAT_USER, 'chatUser', chatUser, range);
  }

  async #byIndex(
    indexName: string,
    attribute: string,
    value: string,
    range: AuditRange,
  ): Promise<AuditQuestionItem[]> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: indexName,
        KeyConditionExpression: '#key = :value AND #at BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#key': attribute, '#at': 'at' },
        ExpressionAttributeValues: { ':value': value, ':from': range.from, ':to': range.to },
        ScanIndexForward: false,
        Limit: range.limit ?? 20,
      }),
    );
    return (output.Items ?? []) as AuditQuestionItem[];
  }

  async #batchPut(items: readonly object[]): Promise<void> {
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      let requests = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        const output = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#tableName]: requests } }),
        );
        requests = (output.UnprocessedItems?.[this.#tableName] ?? []) as typeof requests;
        if (requests.length > 0 && attempt >= BATCH_ATTEMPTS) {
          throw new AuditWriteError(
            `${requests.length} audit item(s) left unprocessed after ${attempt} attempts`,
          );
        }
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}
