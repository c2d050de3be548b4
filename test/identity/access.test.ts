/**
 * What a button's tapper may read, as the workers wire it (createDirectoryAccess): the tapper's
 * groups and enabled state from Cognito (cognito-local), the channel's policy and the registry
 * from their tables (dynalite), combined by the agent's own rule.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryAccess } from '#bot/src/identity/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountToItem, channelToItem } from '#contracts/registry-items.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalCognito, startLocalCognito } from '#local/components/cognito.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';

const account = (id: string, name: string, environment: string, enabled = true): Account => ({
  id,
  name,
  aliases: [],
  environment,
  regions: ['us-east-1'],
  enabled,
  tags: {},
});
const PROD = account('111111111111', 'payments-prod', 'prod');
const STAGING = account('222222222222', 'payments-staging', 'staging');
const DEV = account('333333333333', 'sandbox-dev', 'dev');
const RETIRED = account('444444444444', 'old-prod', 'prod', false);

describe('createDirectoryAccess', () => {
  let dynamo: LocalDynamoDB;
  let cognito: LocalCognito;
  const sub = (username: string) => cognito.users.find((user) => user.username === username)?.sub ?? '';
  const readAccess = (username: string, channelId: string) =>
    createDirectoryAccess({
      env: { ...cognito.env },
      documentClient: dynamo.documentClient,
      cognitoClient: cognito.client,
    }).read(sub(username), { platform: 'slack', workspaceId: 'T0CENTRAL', channelId });

  beforeAll(async () => {
    [dynamo, cognito] = await Promise.all([
      startLocalDynamoDB(),
      startLocalCognito({
        users: [
          { username: 'alice', groups: ['ops-prod-readers', 'ops-dev-readers'] },
          { username: 'dave', groups: ['ops-all-readers'], enabled: false },
        ],
      }),
    ]);
    const put = (table: 'accounts' | 'channels', item: Record<string, unknown>) =>
      dynamo.documentClient.send(new PutCommand({ TableName: tableName(table), Item: item }));
    await Promise.all([
      ...[PROD, STAGING, DEV, RETIRED].map((a) => put('accounts', accountToItem(a))),
      put(
        'channels',
        channelToItem({
          platform: 'slack',
          workspaceId: 'T0CENTRAL',
          channelId: 'C0INCIDENT',
          allowedEnvironments: ['prod', 'staging'],
        }),
      ),
    ]);
  });
  afterAll(async () => {
    await Promise.all([dynamo?.stop(), cognito?.stop()]);
  });

  it("allows an account only when one of the tapper's groups grants it and the channel allows it", async () => {
    // Act
    const access = await readAccess('alice', 'C0INCIDENT');
    const { allowed, refused } = await access!.authorize([
      PROD.id,
      STAGING.id,
      DEV.id,
      RETIRED.id,
      '999999999999',
    ]);

    // Assess
    expect([...access!.groups].sort()).toEqual(['ops-dev-readers', 'ops-prod-readers']);
    expect(access!.policy?.allowedEnvironments).toEqual(['prod', 'staging']);
    expect(allowed.map((a) => a.id)).toEqual([PROD.id]);
    expect(Object.fromEntries(refused.map((r) => [r.accountId, r.reason]))).toEqual({
      [STAGING.id]: expect.stringContaining('none of your groups grants it'),
      [DEV.id]: expect.stringContaining('allows only prod, staging'),
      [RETIRED.id]: expect.stringContaining('not an enabled account'),
      '999999999999': expect.stringContaining('not an enabled account'),
    });
  });

  it('reads a channel without a policy as dev only', async () => {
    // Act
    const access = await readAccess('alice', 'C0NEWCHANNEL');
    const { allowed } = await access!.authorize([PROD.id, DEV.id]);

    // Assess
    expect(access!.policy).toBeUndefined();
    expect(allowed.map((a) => a.id)).toEqual([DEV.id]);
  });

  it('gives a disabled or unknown user no access at all', async () => {
    // Act
    const disabled = await readAccess('dave', 'C0INCIDENT');
    const unknown = await createDirectoryAccess({
      env: { ...cognito.env },
      documentClient: dynamo.documentClient,
      cognitoClient: cognito.client,
    }).read('5f1c1f6e-0000-4000-8000-000000000000', {
      platform: 'slack',
      workspaceId: 'T0CENTRAL',
      channelId: 'C0INCIDENT',
    });

    // Assess
    expect(disabled).toBeUndefined();
    expect(unknown).toBeUndefined();
  });
});
