/**
 * Drops duplicate deliveries (Slack retries and replays, Teams re-sends, Lambda's at-least-once
 * asynchronous invokes) with Powertools Idempotency on the state table: one record per delivery,
 * `dedupe#<scope>#<hash>`, in progress while its work runs, completed after, given back when the
 * work fails (so the platform's retry runs it), expired after the TTL. One instance per scope: each
 * function may write only its own scope's keys (IAM LeadingKeys, infra/lib/stacks/bot-stack.ts).
 */

import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { ChatPlatformDescriptor } from '#contracts/chat-platforms.ts';
import { STATE_KEY_PREFIXES, TABLES, tableName } from '#contracts/tables.ts';
import { DedupeError } from './errors.ts';
import type { DedupePort } from './ports.ts';

export interface DynamoDedupeOptions {
  /** Whose deliveries these are: a function's scope (chat-platforms.ts `dedupeScopes`). */
  readonly scope: string;
  /** @default new DynamoDBClient({}) (AWS_ENDPOINT_URL_DYNAMODB honoured) */
  readonly client?: DynamoDBClient;
  /** @default tableName('state') */
  readonly tableName?: string;
  /** How long a delivery stays known; Slack retries for about an hour at most. @default 3_600 */
  readonly ttlSeconds?: number;
  /**
   * How long work may hold its delivery: past it (the function crashed or timed out), a retry may
   * run it. The function's timeout fits. @default 300_000
   */
  readonly inProgressMs?: number;
}

/** The Powertools errors that mean "this delivery is known": done, or being worked on now. */
const REPEAT_ERRORS: ReadonlySet<string> = new Set([
  'IdempotencyAlreadyInProgressError',
  'IdempotencyInconsistentStateError',
]);

/** A delivery's key within its scope: `<part>#<part>…` (team and event id, tenant and activity id). */
export function dedupeKey(...parts: readonly string[]): string {
  return parts.join('#');
}

/** How long each function may hold a delivery: its Lambda timeout (infra/lib/stacks/bot-stack.ts). */
const IN_PROGRESS_MS = { ack: 10_000, worker: 300_000 } as const;

export class DynamoDedupe implements DedupePort {
  /** The dedupe of one of a platform's functions: its own scope, its own time budget. */
  static for(
    platform: Pick<ChatPlatformDescriptor, 'dedupeScopes'>,
    fn: 'ack' | 'worker',
    options: Omit<DynamoDedupeOptions, 'scope' | 'inProgressMs'> = {},
  ): DynamoDedupe {
    return new DynamoDedupe({
      ...options,
      scope: platform.dedupeScopes[fn],
      inProgressMs: IN_PROGRESS_MS[fn],
    });
  }

  readonly #persistenceStore: DynamoDBPersistenceLayer;
  readonly #config: IdempotencyConfig;
  readonly #keyPrefix: string;

  constructor(options: DynamoDedupeOptions) {
    this.#keyPrefix = `${STATE_KEY_PREFIXES.dedupe}${options.scope}`;
    this.#persistenceStore = new DynamoDBPersistenceLayer({
      tableName: options.tableName ?? tableName('state'),
      awsSdkV3Client: options.client ?? new DynamoDBClient({}),
      keyAttr: TABLES.state.partitionKey.name,
      expiryAttr: TABLES.state.timeToLiveAttribute,
    });
    this.#config = new IdempotencyConfig({ expiresAfterSeconds: options.ttlSeconds ?? 3_600 });
    // No Lambda context reaches this far down: a fixed budget stands in for the remaining time.
    const inProgressMs = options.inProgressMs ?? 300_000;
    this.#config.registerLambdaContext({ getRemainingTimeInMillis: () => inProgressMs } as Context);
  }

  async once(key: string, work: () => Promise<void>): Promise<boolean> {
    let ran = false;
    const idempotent = makeIdempotent(
      async (_delivery: { readonly key: string }) => {
        ran = true;
        await work();
        return true;
      },
      { persistenceStore: this.#persistenceStore, config: this.#config, keyPrefix: this.#keyPrefix },
    );
    try {
      await idempotent({ key });
      return ran;
    } catch (error) {
      if (ran) {
        // The work ran: its own failure goes up as it is; a failure to record the outcome does not.
        if (isPowertoolsError(error)) return true;
        throw error;
      }
      if (error instanceof Error && REPEAT_ERRORS.has(error.name)) return false;
      throw new DedupeError(`Cannot write the dedupe record for ${key}`, { cause: error });
    }
  }
}

function isPowertoolsError(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('Idempotency');
}

/**
 * A worker's guard against Lambda delivering one asynchronous invoke twice: runs `work` unless the
 * delivery was already seen. When the state table cannot be written the work goes on (logged):
 * answering twice beats dropping the question without a word.
 */
export async function onceOrAnyway(
  dedupe: DedupePort,
  key: string,
  work: () => Promise<void>,
  logger: Logger,
): Promise<boolean> {
  try {
    return await dedupe.once(key, work);
  } catch (error) {
    if (!(error instanceof DedupeError)) throw error;
    logger.error('dedupe record not written, answering anyway', { key, error });
    await work();
    return true;
  }
}
