import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeAccounts, DynamoChannelPolicyReader } from '#access/index.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';
import { tableName } from '#contracts/tables.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { channelToItem } from '#registry-seed/src/index.ts';

const DEV_CHANNEL: ChannelPolicy = {
  platform: 'slack',
  workspaceId: 'T0CENTRAL',
  channelId: 'C0DEV',
  allowedEnvironments: ['dev'],
  defaultAccount: 'sandbox-dev',
};
const PROD: Account = {
  id: '111111111111',
  name: 'payments-prod',
  aliases: ['prod'],
  environment: 'prod',
  regions: ['us-east-1'],
  enabled: true,
  tags: {},
};

describe('DynamoChannelPolicyReader', () => {
  let dynamo: LocalDynamoDB;
  let now = 0;
  const put = (policy: ChannelPolicy) =>
    dynamo.documentClient.send(
      new PutCommand({ TableName: tableName('channels'), Item: channelToItem(policy) }),
    );

  beforeAll(async () => {
    dynamo = await startLocalDynamoDB();
    await put(DEV_CHANNEL);
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  it('reads the seeded policy of a channel, and a dev channel refuses prod even to a prod reader', async () => {
    // Prepare
    const reader = new DynamoChannelPolicyReader({ client: dynamo.documentClient });

    // Act
    const policy = await reader.get({ platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0DEV' });
    const decision = authorizeAccounts({
      groups: ['ops-prod-readers'],
      channelPolicy: policy,
      accounts: [PROD],
    });

    // Assess
    expect(policy).toEqual(DEV_CHANNEL);
    expect(decision.allowed).toEqual([]);
    expect(decision.refused[0]).toMatchObject({
      rule: 'channel',
      reason: expect.stringContaining('channel C0DEV allows only dev'),
    });
  });

  it('answers undefined for a channel without a row, another workspace, or the local chat page', async () => {
    // Prepare
    const reader = new DynamoChannelPolicyReader({ client: dynamo.documentClient });

    // Act
    const results = await Promise.all([
      reader.get({ platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0RANDOM' }),
      reader.get({ platform: 'slack', workspace: 'T0OTHER', channel: 'C0DEV' }),
      reader.get({ platform: 'local', workspace: 'T0CENTRAL', channel: 'C0DEV' }),
    ]);

    // Assess
    expect(results).toEqual([undefined, undefined, undefined]);
  });

  it('sees a changed policy once its 30 s cache expires', async () => {
    // Prepare
    const reader = new DynamoChannelPolicyReader({ client: dynamo.documentClient, now: () => now });
    const ref = { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0WIDEN' } as const;
    await put({ ...DEV_CHANNEL, channelId: 'C0WIDEN' });
    expect((await reader.get(ref))?.allowedEnvironments).toEqual(['dev']);
    await put({ ...DEV_CHANNEL, channelId: 'C0WIDEN', allowedEnvironments: ['dev', 'staging'] });

    // Act
    now += 29_000;
    const cached = await reader.get(ref);
    now += 2_000;
    const refreshed = await reader.get(ref);

    // Assess
    expect(cached?.allowedEnvironments).toEqual(['dev']);
    expect(refreshed?.allowedEnvironments).toEqual(['dev', 'staging']);
  });

  it('sets a policy from chat with who and when: this reader sees it at once, a new one from the table', async () => {
    // Prepare
    const reader = new DynamoChannelPolicyReader({ client: dynamo.documentClient, now: () => now });
    const ref = { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0SETFROMCHAT' } as const;
    expect(await reader.get(ref)).toBeUndefined();
    const policy: ChannelPolicy = {
      platform: 'slack',
      workspaceId: 'T0CENTRAL',
      channelId: 'C0SETFROMCHAT',
      allowedEnvironments: ['prod', 'staging'],
      updatedBy: 'carol',
      updatedAt: '2026-11-26T15:00:00.000Z',
    };

    // Act
    await reader.set(policy);

    // Assess
    expect(await reader.get(ref)).toEqual(policy);
    expect(await new DynamoChannelPolicyReader({ client: dynamo.documentClient }).get(ref)).toEqual(policy);
  });
});
