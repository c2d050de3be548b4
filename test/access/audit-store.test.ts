import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSettings, DynamoAuditStore } from '#access/audit-store.ts';
import { AUDIT_KEYS, type AuditRecord } from '#contracts/audit.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';

const DAY_S = 86_400;

function auditRecord(questionId: string, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    questionId,
    kind: 'question',
    at: '2026-03-01T10:00:00.000Z',
    traceId: '1-67a1b2c3-0123456789abcdef01234567',
    who: { chatUserId: 'U0ALICE', cognitoUsername: 'alice', cognitoSub: 'sub-alice' },
    where: { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0INCIDENT', thread: '1.2' },
    what: { text: '/ops prod ec2', verb: 'query' },
    accounts: [
      {
        id: '111111111111',
        name: 'payments-prod',
        environment: 'prod',
        regions: ['us-east-1'],
        outcome: 'ok',
      },
    ],
    calls: ['ec2.DescribeInstances'],
    outcome: 'answered',
    durations: { totalMs: 900, firstTextMs: 300 },
    recordedBy: 'agent',
    ...overrides,
  };
}

describe('Audit store: the audit table on dynalite', () => {
  let dynamo: LocalDynamoDB;
  const item = (key: { pk: string; sk: string }) =>
    dynamo.documentClient
      .send(new GetCommand({ TableName: tableName('audit'), Key: key }))
      .then((output) => output.Item);

  beforeAll(async () => {
    dynamo = await startLocalDynamoDB();
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  it('keeps a record 400 days by default, and AUDIT_TTL_DAYS days when set', async () => {
    // Prepare
    const at = Date.parse('2026-03-01T10:00:00.000Z') / 1000;
    const byDefault = new DynamoAuditStore({ client: dynamo.documentClient });
    const shortLived = new DynamoAuditStore({
      client: dynamo.documentClient,
      ...auditSettings({ AUDIT_TTL_DAYS: '30' }),
    });
    // Act
    await byDefault.put(auditRecord('q-ttl-default'));
    await shortLived.put(auditRecord('q-ttl-30'));
    // Assess
    expect(auditSettings({}).ttlDays).toBe(400);
    expect((await item(AUDIT_KEYS.question('q-ttl-default')))?.expiresAt).toBe(at + 400 * DAY_S);
    expect((await item(AUDIT_KEYS.question('q-ttl-30')))?.expiresAt).toBe(at + 30 * DAY_S);
    const slice = await item(AUDIT_KEYS.account('111111111111', '2026-03-01T10:00:00.000Z', 'q-ttl-30'));
    expect(slice?.expiresAt).toBe(at + 30 * DAY_S);
  });

  it('keeps 400 days when AUDIT_TTL_DAYS is not a positive number (the deploy refuses such a context)', () => {
    // Act / Assess
    for (const bad of ['0', '-30', 'forever', 'Infinity'])
      expect(auditSettings({ AUDIT_TTL_DAYS: bad }).ttlDays).toBe(400);
  });

  it('keeps the agent’s record when the bot writes its own for the same question only if absent', async () => {
    // Prepare
    const store = new DynamoAuditStore({ client: dynamo.documentClient });
    await store.put(auditRecord('q-both-parts'));
    // Act: the bot lost the agent's stream, and records the question as failed in the runtime
    await store.put(
      auditRecord('q-both-parts', {
        outcome: 'failed',
        failedAt: 'runtime',
        error: { code: 'timeout', message: 'no answer in time' },
        accounts: [],
        recordedBy: 'bot',
      }),
      { ifAbsent: true },
    );
    // Assess
    expect(await item(AUDIT_KEYS.question('q-both-parts'))).toMatchObject({
      outcome: 'answered',
      recordedBy: 'agent',
    });
  });
});
