import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';

describe('startLocalDynamoDB', () => {
  let db: LocalDynamoDB;
  beforeAll(async () => {
    db = await startLocalDynamoDB();
  });
  afterAll(async () => {
    await db.stop();
  });

  it('round-trips an item through the accounts table', async () => {
    // Prepare
    const item = { id: '111111111111', name: 'payments-prod', environment: 'prod', enabled: true };

    // Act
    await db.documentClient.send(new PutCommand({ TableName: tableName('accounts'), Item: item }));
    const { Item } = await db.documentClient.send(
      new GetCommand({ TableName: tableName('accounts'), Key: { id: item.id } }),
    );

    // Assess
    expect(Item).toEqual(item);
  });

  it('answers a query on the by-environment GSI with every attribute projected', async () => {
    // Prepare
    for (const [id, name, environment] of [
      ['222222222222', 'zeta-dev', 'dev'],
      ['333333333333', 'alpha-dev', 'dev'],
      ['444444444444', 'security', 'security'],
    ]) {
      await db.documentClient.send(
        new PutCommand({
          TableName: tableName('accounts'),
          Item: { id, name, environment, regions: ['us-east-1'] },
        }),
      );
    }

    // Act
    const { Items } = await db.documentClient.send(
      new QueryCommand({
        TableName: tableName('accounts'),
        IndexName: 'by-environment',
        KeyConditionExpression: 'environment = :e',
        ExpressionAttributeValues: { ':e': 'dev' },
      }),
    );

    // Assess
    expect(Items?.map((i) => i.name)).toEqual(['alpha-dev', 'zeta-dev']);
    expect(Items?.[0]?.regions).toEqual(['us-east-1']);
  });

  it('creates every table on demand with its GSIs', async () => {
    // Act
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: tableName('identities') }));

    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['by-cognito-sub']);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('exposes an env that points SDK clients at the local endpoint', () => {
    expect(db.env).toMatchObject({ AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, AWS_REGION: 'us-east-1' });
    expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
