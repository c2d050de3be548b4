import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDedupe, onceOrAnyway } from '#bot/src/core/dedupe.ts';
import { DedupeError } from '#bot/src/core/errors.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';

const silent = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('Class: DynamoDedupe', () => {
  let db: LocalDynamoDB;
  beforeAll(async () => {
    db = await startLocalDynamoDB();
  });
  afterAll(async () => {
    await db.stop();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the work of a delivery once, and refuses every repeat while it runs and after', async () => {
    // Prepare
    const dedupe = DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: db.client });
    let runs = 0;
    let finish: () => void = () => undefined;
    const work = async () => {
      runs += 1;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    };

    // Act: three deliveries at once, the first one still running when the others arrive
    const first = dedupe.once('T0CENTRAL#Ev1', work);
    await vi.waitFor(() => expect(runs).toBe(1));
    const repeats = await Promise.all([
      dedupe.once('T0CENTRAL#Ev1', work),
      dedupe.once('T0CENTRAL#Ev1', work),
    ]);
    finish();
    const results = [await first, ...repeats, await dedupe.once('T0CENTRAL#Ev1', work)];

    // Assess
    expect(results).toEqual([true, false, false, false]);
    expect(runs).toBe(1);
    expect(await dedupe.once('T0CENTRAL#Ev2', async () => undefined)).toBe(true);
  });

  it("writes its records under its own scope's key prefix, the only keys its function may write", async () => {
    // Act
    await DynamoDedupe.for(CHAT_PLATFORMS.teams, 'worker', { client: db.client }).once(
      'tenant#a1',
      async () => undefined,
    );

    // Assess
    const { Items = [] } = await db.client.send(new ScanCommand({ TableName: tableName('state') }));
    const records = Items.filter((item) => item.id?.S?.startsWith('dedupe#teams-worker#'));
    expect(records).toHaveLength(1);
    expect(records[0]?.id?.S).toMatch(/^dedupe#teams-worker#[A-Za-z0-9+/=]+$/);
    expect(records[0]?.status?.S).toBe('COMPLETED');
  });

  it('runs a delivery again once its record has expired', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T10:00:00Z'));
    const dedupe = new DynamoDedupe({ scope: 'test-expiry', client: db.client, ttlSeconds: 10 });
    await dedupe.once('Ev3', async () => undefined);

    // Act
    vi.setSystemTime(new Date('2026-11-26T10:00:11Z'));
    const again = await dedupe.once('Ev3', async () => undefined);

    // Assess
    expect(again).toBe(true);
  });

  it('gives a delivery back when its work fails, so the platform retry runs it', async () => {
    // Prepare
    const dedupe = new DynamoDedupe({ scope: 'test-retry', client: db.client });
    const failing = dedupe.once('Ev4', async () => {
      throw new Error('Lambda throttled');
    });

    // Act / Assess
    await expect(failing).rejects.toThrow('Lambda throttled');
    expect(await dedupe.once('Ev4', async () => undefined)).toBe(true);
    expect(await dedupe.once('Ev4', async () => undefined)).toBe(false);
  });

  it('throws a DedupeError, running nothing, when the state table cannot be written', async () => {
    // Prepare
    const dedupe = new DynamoDedupe({ scope: 'test-down', client: db.client, tableName: 'no-such-table' });
    let ran = false;

    // Act
    const result = dedupe.once('Ev5', async () => {
      ran = true;
    });

    // Assess
    await expect(result).rejects.toBeInstanceOf(DedupeError);
    expect(ran).toBe(false);
  });
});

describe('Function: onceOrAnyway', () => {
  it('answers anyway when the dedupe record cannot be written, rather than dropping the question', async () => {
    // Prepare
    let runs = 0;
    const unwritable = {
      once: async () => {
        throw new DedupeError('ProvisionedThroughputExceededException (centralops-state)');
      },
    };

    // Act
    const ran = await onceOrAnyway(
      unwritable,
      'Ev6',
      async () => {
        runs += 1;
      },
      silent,
    );

    // Assess
    expect(ran).toBe(true);
    expect(runs).toBe(1);
  });
});
