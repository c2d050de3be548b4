import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { RegistrySeedError } from '../errors.ts';
import type { RegistryTable, SeedProgress, WriteOp } from './types.ts';

/** BatchWriteItem's own limit. */
export const BATCH_SIZE = 25;

export interface BatchWriteOptions {
  /** Table name per kind. */
  readonly tableNames: Readonly<Record<RegistryTable, string>>;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Sends per batch, the first included, before unprocessed items fail the seed. @default 8 */
  readonly maxAttempts?: number;
  /** First backoff ceiling; doubles each retry (full jitter). @default 50 */
  readonly baseDelayMs?: number;
  /** @default 2_000 */
  readonly maxDelayMs?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
}

type RequestItems = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>;

function toRequestItems(
  ops: readonly WriteOp[],
  tableNames: Readonly<Record<RegistryTable, string>>,
): RequestItems {
  const items: RequestItems = {};
  for (const op of ops) {
    const table = tableNames[op.table];
    const request = 'put' in op ? { PutRequest: { Item: op.put } } : { DeleteRequest: { Key: op.delete } };
    items[table] = [...(items[table] ?? []), request];
  }
  return items;
}

function count(items: RequestItems | undefined): number {
  return Object.values(items ?? {}).reduce((sum, requests) => sum + requests.length, 0);
}

/**
 * Writes `ops` in batches of 25, several batches at once. Items DynamoDB leaves unprocessed
 * (throttling) are sent again after an exponential backoff with full jitter, a bounded number of
 * times. Returns how many retries that took.
 */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  ops: readonly WriteOp[],
  options: BatchWriteOptions,
): Promise<{ written: number; retries: number }> {
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const total = ops.length;
  let done = 0;
  let retries = 0;

  const writeBatch = async (batch: readonly WriteOp[]) => {
    let pending = toRequestItems(batch, options.tableNames);
    for (let attempt = 1; ; attempt++) {
      const sent = count(pending);
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: pending }));
      const left = count(UnprocessedItems);
      done += sent - left;
      options.onProgress?.({ done, total });
      if (!left || !UnprocessedItems) return;
      if (attempt >= maxAttempts) {
        throw new RegistrySeedError(`${left} item(s) still unprocessed after ${maxAttempts} attempts`);
      }
      retries++;
      pending = UnprocessedItems;
      await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
  };

  const limit = pLimit(concurrency);
  const batches: WriteOp[][] = [];
  for (let i = 0; i < ops.length; i += BATCH_SIZE) batches.push(ops.slice(i, i + BATCH_SIZE));
  await Promise.all(batches.map((batch) => limit(() => writeBatch(batch))));
  return { written: done, retries };
}
