import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { loadRegistryDir, SAMPLE_REGISTRY_DIR, seedRegistry } from '#registry-seed/src/index.ts';

describe('DynamoAccountRegistry', () => {
  let db: LocalDynamoDB;
  let scans: number;
  let now: number;

  const registry = (cacheTtlMs = 30_000) =>
    new DynamoAccountRegistry({ client: db.documentClient, cacheTtlMs, now: () => now });

  const addAccount = (id: string, enabled = true) =>
    db.documentClient.send(
      new PutCommand({
        TableName: tableName('accounts'),
        Item: {
          id,
          name: `late-${id}`,
          aliases: [],
          environment: 'dev',
          regions: ['us-east-1'],
          enabled,
          tags: {},
        },
      }),
    );

  beforeEach(async () => {
    db = await startLocalDynamoDB();
    await seedRegistry(db.documentClient, await loadRegistryDir(SAMPLE_REGISTRY_DIR));
    scans = 0;
    now = 1_000_000;
    db.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ScanCommand') scans++;
        return next(args);
      },
      { step: 'initialize', name: 'countScans' },
    );
  });

  afterEach(async () => {
    await db.stop();
  });

  it('answers concurrent calls from one Scan (single flight)', async () => {
    // Prepare
    const accounts = registry();

    // Act
    const results = await Promise.all([
      accounts.listEnabled(),
      accounts.get('111111111111'),
      accounts.get('333333333333'),
      accounts.listEnabled(),
    ]);

    // Assess
    expect(scans).toBe(1);
    expect(results[1]).toMatchObject({ name: 'payments-prod', regions: ['us-east-1', 'us-west-2'] });
    expect(results[2]).toMatchObject({ name: 'sandbox-dev' });
  });

  it('reads the table again only once the TTL has passed', async () => {
    // Prepare
    const accounts = registry(30_000);
    await accounts.listEnabled();
    await addAccount('666666666666');

    // Act
    now += 29_999;
    const cached = await accounts.listEnabled();
    now += 1;
    const refreshed = await accounts.listEnabled();

    // Assess
    expect(cached).toHaveLength(5);
    expect(refreshed).toHaveLength(6);
    expect(scans).toBe(2);
  });

  it('refreshes once on a miss for an account added since, at most once per TTL', async () => {
    // Prepare
    const accounts = registry();
    await accounts.listEnabled();
    await addAccount('666666666666');

    // Act
    now += 1;
    const found = await accounts.get('666666666666');
    const misses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => accounts.get(String(900_000_000_000 + i))),
    );

    // Assess
    expect(found).toMatchObject({ name: 'late-666666666666' });
    expect(misses.every((m) => m === undefined)).toBe(true);
    expect(scans).toBe(2);
  });

  it('refuses disabled accounts: get answers undefined and listEnabled leaves them out', async () => {
    // Prepare
    await addAccount('777777777777', false);
    const accounts = registry();

    // Act
    const disabled = await accounts.get('777777777777');
    const listed = await accounts.listEnabled();

    // Assess
    expect(disabled).toBeUndefined();
    expect(listed.map((a) => a.id)).not.toContain('777777777777');
  });

  it('lists in registry order: environment, then name', async () => {
    // Prepare
    await addAccount('000000000001');

    // Act
    const listed = await registry().listEnabled();

    // Assess
    expect(listed.map((a) => a.name)).toEqual([
      'late-000000000001',
      'sandbox-dev',
      'payments-prod',
      'security-audit',
      'shared-services',
      'payments-staging',
    ]);
  });

  it('throws a RegistryReadError naming the table when it cannot be read', async () => {
    // Prepare
    const accounts = new DynamoAccountRegistry({ client: db.documentClient, tableName: 'no-such-table' });

    // Act
    const listing = accounts.listEnabled();

    // Assess
    await expect(listing).rejects.toMatchObject({
      name: 'RegistryReadError',
      message: expect.stringContaining('no-such-table'),
    });
  });
});
