import type { BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { generateRegistry } from '#local/generate-registry.ts';
import {
  loadRegistryDir,
  type Registry,
  SAMPLE_REGISTRY_DIR,
  type SeedProgress,
  seedRegistry,
} from '#registry-seed/src/index.ts';

async function countItems(db: LocalDynamoDB, kind: 'accounts' | 'identities' | 'channels'): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.documentClient.send(
      new ScanCommand({ TableName: tableName(kind), Select: 'COUNT', ExclusiveStartKey }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

describe('seedRegistry', () => {
  let db: LocalDynamoDB;
  let sample: Registry;

  beforeEach(async () => {
    db = await startLocalDynamoDB();
    sample = await loadRegistryDir(SAMPLE_REGISTRY_DIR);
  });

  afterEach(async () => {
    await db.stop();
  });

  it('round-trips the sample into the tables, read back by DynamoAccountRegistry', async () => {
    // Act
    const report = await seedRegistry(db.documentClient, sample);

    // Assess
    expect(report.accounts.added).toHaveLength(5);
    expect(report.written).toBe(12);
    const registry = new DynamoAccountRegistry({ client: db.documentClient });
    const listed = await registry.listEnabled();
    expect(listed.map((a) => `${a.environment}/${a.name}`)).toEqual([
      'dev/sandbox-dev',
      'prod/payments-prod',
      'security/security-audit',
      'shared/shared-services',
      'staging/payments-staging',
    ]);
    expect(await registry.get('111111111111')).toEqual(sample.accounts[0]);
    const alice = await db.documentClient.send(
      new GetCommand({ TableName: tableName('identities'), Key: { key: 'slack#T0CENTRAL#U0ALICE' } }),
    );
    expect(alice.Item).toMatchObject({ cognitoUsername: 'alice', groups: ['ops-all-readers', 'ops-admins'] });
    const dev = await db.documentClient.send(
      new GetCommand({ TableName: tableName('channels'), Key: { key: 'slack#T0CENTRAL#C0DEV' } }),
    );
    expect(dev.Item).toMatchObject({ channelId: 'C0DEV', allowedEnvironments: ['dev'] });
  });

  it('writes nothing when run again on an unchanged registry', async () => {
    // Prepare
    await seedRegistry(db.documentClient, sample);

    // Act
    const report = await seedRegistry(db.documentClient, sample);

    // Assess
    expect(report.written).toBe(0);
    expect(report.accounts).toMatchObject({
      added: [],
      changed: [],
      disabled: [],
      removed: [],
      unchanged: 5,
    });
    expect(report.identities.unchanged).toBe(4);
    expect(report.channels.unchanged).toBe(3);
  });

  it('writes nothing on a dry run but reports the diff', async () => {
    // Act
    const report = await seedRegistry(db.documentClient, sample, { dryRun: true });

    // Assess
    expect(report.accounts.added).toHaveLength(5);
    expect(report.written).toBe(0);
    expect(await countItems(db, 'accounts')).toBe(0);
  });

  it('reports changed fields and keeps a linked Cognito sub the file does not carry', async () => {
    // Prepare
    await seedRegistry(db.documentClient, sample);
    const linked = await seedRegistry(
      db.documentClient,
      {
        ...sample,
        identities: sample.identities.map((i) => ({ ...i, cognitoSub: `sub-${i.cognitoUsername}` })),
      },
      {},
    );
    const edited: Registry = {
      ...sample,
      accounts: sample.accounts.map((a) => (a.id === '333333333333' ? { ...a, regions: ['eu-west-1'] } : a)),
    };

    // Act
    const report = await seedRegistry(db.documentClient, edited);

    // Assess
    expect(linked.identities.changed).toHaveLength(4);
    expect(report.accounts.changed).toEqual([
      expect.objectContaining({ key: '333333333333', fields: ['regions'] }),
    ]);
    expect(report.identities.unchanged).toBe(4);
    const alice = await db.documentClient.send(
      new GetCommand({ TableName: tableName('identities'), Key: { key: 'slack#T0CENTRAL#U0ALICE' } }),
    );
    expect(alice.Item?.cognitoSub).toBe('sub-alice');
  });

  it('disables an account the file no longer lists instead of deleting it', async () => {
    // Prepare
    await seedRegistry(db.documentClient, sample);
    const without: Registry = {
      ...sample,
      accounts: sample.accounts.filter((a) => a.id !== '444444444444'),
      channels: sample.channels.slice(1),
    };

    // Act
    const report = await seedRegistry(db.documentClient, without);

    // Assess
    expect(report.accounts.disabled.map((a) => [a.id, a.enabled])).toEqual([['444444444444', false]]);
    expect(report.channels.notInFile).toEqual(['slack#T0CENTRAL#C0INCIDENT']);
    const stored = await db.documentClient.send(
      new GetCommand({ TableName: tableName('accounts'), Key: { id: '444444444444' } }),
    );
    expect(stored.Item).toMatchObject({ name: 'security-audit', enabled: false });
    const registry = new DynamoAccountRegistry({ client: db.documentClient });
    expect(await registry.get('444444444444')).toBeUndefined();
    expect(await countItems(db, 'channels')).toBe(3);
  });

  it('deletes what the file no longer lists only with prune', async () => {
    // Prepare
    await seedRegistry(db.documentClient, sample);
    const without: Registry = {
      accounts: sample.accounts.filter((a) => a.id !== '444444444444'),
      identities: sample.identities.slice(1),
      channels: sample.channels.slice(1),
    };

    // Act
    const report = await seedRegistry(db.documentClient, without, { prune: true });

    // Assess
    expect(report.accounts.removed.map((a) => a.id)).toEqual(['444444444444']);
    expect(report.identities.removed).toEqual(['slack#T0CENTRAL#U0ALICE']);
    expect(report.channels.removed).toEqual(['slack#T0CENTRAL#C0INCIDENT']);
    expect(await countItems(db, 'accounts')).toBe(4);
    expect(await countItems(db, 'identities')).toBe(3);
    expect(await countItems(db, 'channels')).toBe(2);
  });

  it('seeds a generated 5,000-account registry, with progress, and re-runs writing nothing', async () => {
    // Prepare
    const registry = generateRegistry(5_000);
    const progress: SeedProgress[] = [];

    // Act
    const first = await seedRegistry(db.documentClient, registry, { onProgress: (p) => progress.push(p) });
    const second = await seedRegistry(db.documentClient, registry);

    // Assess
    expect(first.written).toBe(5_000);
    expect(progress).toHaveLength(200);
    expect(progress.at(-1)).toEqual({ done: 5_000, total: 5_000 });
    expect(second.written).toBe(0);
    expect(second.accounts.unchanged).toBe(5_000);
    expect(await new DynamoAccountRegistry({ client: db.documentClient }).listEnabled()).toHaveLength(5_000);
  });

  it('sends unprocessed items again until DynamoDB takes them', async () => {
    // Prepare: the first BatchWriteItem call leaves its last 3 items unprocessed, as a throttled table would.
    let calls = 0;
    db.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchWriteItemCommand' || calls++ > 0) return next(args);
        const input = args.input as { RequestItems: Record<string, unknown[]> };
        const [table, requests] = Object.entries(input.RequestItems)[0] ?? ['', []];
        const held = requests.slice(-3);
        const result = await next({
          ...args,
          input: { ...input, RequestItems: { ...input.RequestItems, [table]: requests.slice(0, -3) } },
        });
        (result.output as BatchWriteCommandOutput).UnprocessedItems = { [table]: held } as never;
        return result;
      },
      { step: 'initialize', name: 'holdBackThreeItems' },
    );

    // Act
    const report = await seedRegistry(db.documentClient, { ...sample, identities: [], channels: [] });

    // Assess
    expect(calls).toBe(2);
    expect(report.retries).toBe(1);
    expect(report.written).toBe(5);
    expect(await countItems(db, 'accounts')).toBe(5);
  });

  it('fails naming the unprocessed items when DynamoDB never takes them', async () => {
    // Prepare
    db.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchWriteItemCommand') return next(args);
        const input = args.input as { RequestItems: BatchWriteCommandOutput['UnprocessedItems'] };
        return { output: { UnprocessedItems: input.RequestItems, $metadata: {} }, response: {} };
      },
      { step: 'initialize', name: 'neverProcess' },
    );

    // Act
    const seeding = seedRegistry(db.documentClient, sample, { maxAttempts: 3 });

    // Assess
    await expect(seeding).rejects.toThrow(/still unprocessed after 3 attempts/);
  });
});
