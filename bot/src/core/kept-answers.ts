/**
 * Finished answers kept for a while (15 minutes) for the buttons that page through them (Show
 * more) or send them whole (Details): every detail line of every result, and where the answer was
 * given. Kept in the state table (`answer#<random id>`, TTL), read back only by a tap in the same
 * conversation, by a tapper re-authorized for each account (bot/src/actions/).
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '#contracts/agent-events.ts';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';
import type { ResultEvent } from './answer.ts';

export interface KeptAnswer {
  /** Where it was given: a tap elsewhere is not served. */
  readonly conversation: Conversation;
  readonly results: readonly ResultEvent[];
}

export interface KeptAnswers {
  /** Keeps the answer; its id, for the buttons. */
  keep(answer: KeptAnswer): Promise<string>;
  /** The kept answer, or undefined once expired (or never kept). */
  get(id: string): Promise<KeptAnswer | undefined>;
}

/** How long a kept answer serves its buttons. */
export const KEPT_ANSWER_SECONDS = 15 * 60;
/** Under DynamoDB's 400 KB item limit, with room for the key and attributes. */
const MAX_KEPT_BYTES = 350_000;
const ID = /^[0-9a-f-]{36}$/;

export interface DynamoKeptAnswersOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DynamoKeptAnswers implements KeptAnswers {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => number;

  constructor(options: DynamoKeptAnswersOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('state');
    this.#now = options.now ?? Date.now;
  }

  async keep(answer: KeptAnswer): Promise<string> {
    const id = randomUUID();
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          [TABLES.state.partitionKey.name]: `${STATE_KEY_PREFIXES.answer}${id}`,
          [TABLES.state.timeToLiveAttribute]: Math.floor(this.#now() / 1000) + KEPT_ANSWER_SECONDS,
          answer: bounded(answer),
        },
      }),
    );
    return id;
  }

  async get(id: string): Promise<KeptAnswer | undefined> {
    // The id comes from a button: anything but one of ours reads nothing.
    if (!ID.test(id)) return undefined;
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [TABLES.state.partitionKey.name]: `${STATE_KEY_PREFIXES.answer}${id}` },
        ConsistentRead: true,
      }),
    );
    // DynamoDB deletes expired items late: the expiry is checked here.
    const expiration = item?.[TABLES.state.timeToLiveAttribute];
    if (typeof expiration !== 'number' || expiration * 1000 <= this.#now()) return undefined;
    return typeof item?.answer === 'string' ? (JSON.parse(item.answer) as KeptAnswer) : undefined;
  }
}

/** The answer as JSON under MAX_KEPT_BYTES: the last lines of the longest results go first. */
function bounded(answer: KeptAnswer): string {
  let results = answer.results.map((result) => ({ ...result, lines: [...result.lines] }));
  let json = JSON.stringify({ ...answer, results });
  while (Buffer.byteLength(json) > MAX_KEPT_BYTES) {
    const longest = results.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
    if (longest.lines.length === 0) {
      results = results.slice(0, -1);
    } else {
      longest.lines.splice(Math.floor(longest.lines.length / 2));
    }
    json = JSON.stringify({ ...answer, results });
  }
  return json;
}
