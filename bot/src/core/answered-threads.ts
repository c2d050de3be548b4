/**
 * The threads CentralOps answered in, so a reply there continues the conversation without a new
 * mention (Slack delivers every message of a channel; only these threads' are questions), and the
 * conversation key each continues: an `/ops` thread's is the command's, whose session and memory
 * began before its root message existed. Kept in the state table (`thread#…`) as long as memory
 * keeps the conversation (30 days).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';

/** Where a thread is: the platform, the workspace its channel belongs to, the channel, the thread root. */
export interface ThreadRef {
  readonly platform: string;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly threadId: string;
}

export interface AnsweredThreads {
  /** The conversation key the thread continues, when CentralOps answered in it; undefined otherwise. */
  find(thread: ThreadRef): Promise<string | undefined>;
  remember(thread: ThreadRef, conversationThreadId: string): Promise<void>;
}

/** As long as conversation memory keeps a thread's exchanges. */
export const ANSWERED_THREAD_SECONDS = 30 * 86_400;

export interface DynamoAnsweredThreadsOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DynamoAnsweredThreads implements AnsweredThreads {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => number;

  constructor(options: DynamoAnsweredThreadsOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('state');
    this.#now = options.now ?? Date.now;
  }

  async find(thread: ThreadRef): Promise<string | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [TABLES.state.partitionKey.name]: keyOf(thread) },
      }),
    );
    const expiration = item?.[TABLES.state.timeToLiveAttribute];
    if (typeof expiration !== 'number' || expiration * 1000 <= this.#now()) return undefined;
    return typeof item?.conversationThreadId === 'string' ? item.conversationThreadId : undefined;
  }

  async remember(thread: ThreadRef, conversationThreadId: string): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          [TABLES.state.partitionKey.name]: keyOf(thread),
          [TABLES.state.timeToLiveAttribute]: Math.floor(this.#now() / 1000) + ANSWERED_THREAD_SECONDS,
          conversationThreadId,
        },
      }),
    );
  }
}

function keyOf(thread: ThreadRef): string {
  return `${STATE_KEY_PREFIXES.thread}${[thread.platform, thread.workspaceId, thread.channelId, thread.threadId].join('#')}`;
}
