import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanTable } from '#access/scan-table.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { SAMPLE_ORGANIZATION } from '#local/sandbox-aws/sample-organization.ts';
import { SAMPLE_ORGANIZATION_REGISTRY_DIR } from '#registry-seed/src/index.ts';
import { createRegistrySyncHandler, SYNC_METRICS } from '#registry-seed/src/organizations/handler.ts';
import { captureStdio } from '../../support/capture-stdio.ts';

/** An SQS batch of these bodies, as the event source mapping delivers it. */
function sqsEvent(...bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1767225600000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1767225600000',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:999999999999:centralops-registry-sync',
      awsRegion: 'us-east-1',
    })),
  };
}

const SCHEDULED = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '999999999999',
  time: '2026-11-01T03:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:999999999999:rule/centralops-registry-sync-daily'],
  detail: {},
};

/** A CreateAccountResult service event as CloudTrail hands it to EventBridge. */
const ACCOUNT_CREATED = {
  version: '0',
  id: '2b8d1c3a-7a0f-4a57-9a43-0d8e1c1f5f01',
  'detail-type': 'AWS Service Event via CloudTrail',
  source: 'aws.organizations',
  account: '900000000000',
  time: '2026-11-01T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventVersion: '1.08',
    eventSource: 'organizations.amazonaws.com',
    eventName: 'CreateAccountResult',
    awsRegion: 'us-east-1',
    eventType: 'AwsServiceEvent',
    serviceEventDetails: {
      createAccountStatus: {
        id: 'car-0123456789abcdef0123456789abcdef',
        state: 'SUCCEEDED',
        accountName: '****',
        accountId: '131313131313',
      },
    },
  },
};

describe('registry sync Lambda', () => {
  let db: LocalDynamoDB;
  let aws: SandboxAws;
  let dir: string;

  beforeEach(async () => {
    db = await startLocalDynamoDB();
    aws = await startSandboxAws({ accounts: [], organization: SAMPLE_ORGANIZATION });
    for (const [name, value] of Object.entries({ ...db.env, ...aws.env })) vi.stubEnv(name, value);
    dir = await mkdtemp(join(tmpdir(), 'registry-sync-'));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await aws.stop();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function syncHandler(registryDir = SAMPLE_ORGANIZATION_REGISTRY_DIR) {
    return createRegistrySyncHandler({
      env: process.env,
      registryDir,
      documentClient: db.documentClient,
      logger: new Logger({ serviceName: SYNC_METRICS.service, logLevel: 'INFO' }),
      metrics: new Metrics({ namespace: SYNC_METRICS.namespace, serviceName: SYNC_METRICS.service }),
    });
  }

  it('runs one sync per batch on the accounts table only, logging its diff and the missing role, with metrics', async () => {
    // Prepare: the schedule, an account event and junk in one batch
    const handler = syncHandler();

    // Act
    const { records } = await captureStdio(() =>
      handler(
        sqsEvent(SCHEDULED, ACCOUNT_CREATED, '{"source":"aws.organizations","detail":{"eventName":"Evil"}}'),
      ),
    );

    // Assess
    const started = records.find((r) => r.message === 'registry sync started');
    expect(started?.triggers).toEqual({
      count: 3,
      first: [
        { kind: 'schedule' },
        { kind: 'organization-event', eventName: 'CreateAccountResult', accountId: '131313131313' },
        { kind: 'other' },
      ],
    });
    const done = records.find((r) => r.message === 'registry sync done');
    expect(done).toMatchObject({
      level: 'INFO',
      service: 'registry-sync',
      accountsRead: 12,
      written: 11,
      added: {
        count: 11,
        first: expect.arrayContaining([
          { id: '777777777777', name: 'analytics-old', environment: 'prod', enabled: false },
        ]),
      },
      leftOut: { count: 1 },
    });
    const missing = records.find((r) => r.message === 'target role missing: AssumeRole denied');
    expect(missing).toMatchObject({
      level: 'WARN',
      accounts: { count: 1, first: [{ id: '121212121212', name: 'data-platform-prod' }] },
    });
    const emf = records.find((r) => r._aws !== undefined) as Record<string, unknown>;
    expect(emf).toMatchObject({
      service: 'registry-sync',
      AccountsAdded: 11,
      AccountsDisabled: 0,
      TargetRoleMissing: 1,
      SyncFailed: 0,
      _aws: { CloudWatchMetrics: [{ Namespace: 'CentralOps', Dimensions: [['service']] }] },
    });
    expect(await scanTable(db.documentClient, 'centralops-accounts')).toHaveLength(11);
    expect(await scanTable(db.documentClient, 'centralops-identities')).toEqual([]);
    expect(await scanTable(db.documentClient, 'centralops-channels')).toEqual([]);
  });

  it('disables the accounts that closed since the last run', async () => {
    // Prepare
    const handler = syncHandler();
    await captureStdio(() => handler(sqsEvent(SCHEDULED)));
    aws.organization!.setState('111111111112', 'CLOSED');

    // Act
    const { records } = await captureStdio(() => handler(sqsEvent(SCHEDULED)));

    // Assess
    expect(records.find((r) => r.message === 'registry sync done')).toMatchObject({
      disabled: { count: 1, first: [{ id: '111111111112', name: 'search-prod', enabled: false }] },
      unchanged: 10,
    });
    expect(records.find((r) => r._aws !== undefined)).toMatchObject({ AccountsDisabled: 1 });
  });

  it('throws, logs the error and counts SyncFailed when the organization cannot be read', async () => {
    // Prepare: a role the central account may not assume
    await writeFile(
      join(dir, 'rules.yaml'),
      'organization: { roleArn: "arn:aws:iam::111111111111:role/Nope" }\ndefaults: { regions: [us-east-1] }\n',
    );
    const handler = syncHandler(dir);

    // Act
    let error: unknown;
    const { records } = await captureStdio(() =>
      handler(sqsEvent(SCHEDULED)).catch((thrown: unknown) => {
        error = thrown;
      }),
    );

    // Assess
    expect(error).toMatchObject({ name: 'OrganizationReadError' });
    expect(records.find((r) => r.message === 'registry sync failed')).toMatchObject({
      level: 'ERROR',
      error: { name: 'OrganizationReadError', message: expect.stringContaining('AccessDenied') },
    });
    expect(records.find((r) => r._aws !== undefined)).toMatchObject({ SyncFailed: 1 });
    expect(await scanTable(db.documentClient, 'centralops-accounts')).toEqual([]);
  });
});
