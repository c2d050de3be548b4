import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';

describe('DynamoDedupe', () => {
  let db: LocalDynamoDB;
  beforeAll(async () => {
    db = await startLocalDynamoDB();
  });
  afterAll(async () => {
    await db.stop();
  });

  it('claims a key once and refuses every repeat within the TTL', async () => {
    // Prepare
    const dedupe = new DynamoDedupe({ client: db.client });

    // Act
    const results = await Promise.all([
      dedupe.claim('slack#Ev1'),
      dedupe.claim('slack#Ev1'),
      dedupe.claim('slack#Ev1'),
    ]);

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await dedupe.claim('slack#Ev2')).toBe(true);
  });

  it('claims a key again once its record has expired', async () => {
    // Prepare
    let now = 1_000;
    const dedupe = new DynamoDedupe({ client: db.client, ttlSeconds: 10, now: () => now });
    await dedupe.claim('slack#Ev3');

    // Act
    now = 1_011;
    const again = await dedupe.claim('slack#Ev3');

    // Assess
    expect(again).toBe(true);
  });

  it('claims a released key again at once', async () => {
    // Prepare
    const dedupe = new DynamoDedupe({ client: db.client });
    await dedupe.claim('slack#Ev4');

    // Act
    await dedupe.release('slack#Ev4');

    // Assess
    expect(await dedupe.claim('slack#Ev4')).toBe(true);
    expect(await dedupe.claim('slack#Ev4')).toBe(false);
  });
});
