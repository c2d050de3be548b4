import { describe, expect, it } from 'vitest';
import { authorizeAccounts } from '#access/index.ts';
import { runModelTool } from '#agent/src/model-tools.ts';
import { BOB, INCIDENT_CHANNEL } from './fixtures.ts';
import { recordingGateway, SAMPLE_ACCOUNTS } from './helpers.ts';

function bobContext() {
  const gateway = recordingGateway(() => ({ account: {} }));
  const { allowed } = authorizeAccounts({
    groups: BOB.groups,
    channelPolicy: INCIDENT_CHANNEL,
    accounts: SAMPLE_ACCOUNTS,
  });
  return {
    gateway,
    context: {
      gateway,
      requestedBy: 'bob',
      allowed,
      registry: SAMPLE_ACCOUNTS,
      used: { accounts: new Map(), regions: new Set<string>() },
    },
  };
}

describe('Model tool policy: describe_account', () => {
  it('refuses an account the user may not read from this channel, before the Gateway', async () => {
    // Prepare: bob reads dev and staging only
    const { gateway, context } = bobContext();
    // Act
    const outcome = await runModelTool(context, 'centralops___describe_account', {
      account_id: '111111111111',
    });
    // Assess
    expect(outcome.status).toBe('error');
    expect(gateway.calls).toHaveLength(0);
    expect(outcome.events).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'unauthorized',
        account: expect.objectContaining({ name: 'payments-prod' }),
      }),
    ]);
  });

  it('describes an account the user may read, as the user', async () => {
    // Prepare
    const { gateway, context } = bobContext();
    // Act
    const outcome = await runModelTool(context, 'centralops___describe_account', {
      account_id: '222222222222',
    });
    // Assess
    expect(outcome.status).toBe('success');
    expect(gateway.calls).toEqual([
      { tool: 'centralops___describe_account', args: { account_id: '222222222222', requested_by: 'bob' } },
    ]);
  });
});

describe('Model tool policy: query_each', () => {
  const call = [{ service: 'ec2', operation: 'DescribeInstances', params: {} }];

  it('sends on only the requests for accounts the user may read here, and names each refused account once', async () => {
    // Prepare: bob reads dev and staging, not prod (111111111111)
    const { gateway, context } = bobContext();
    // Act
    const outcome = await runModelTool(context, 'centralops___query_each', {
      requests: [
        { account_id: '111111111111', region: 'us-east-1', calls: call },
        { account_id: '222222222222', region: 'us-east-1', calls: call },
        { account_id: '111111111111', region: 'us-west-2', calls: call },
      ],
    });
    // Assess
    expect(gateway.calls).toEqual([
      {
        tool: 'centralops___query_each',
        args: {
          requests: [{ account_id: '222222222222', region: 'us-east-1', calls: call }],
          requested_by: 'bob',
        },
      },
    ]);
    expect(outcome.events.filter((event) => event.type === 'error')).toEqual([
      expect.objectContaining({
        code: 'unauthorized',
        account: expect.objectContaining({ name: 'payments-prod' }),
      }),
    ]);
  });

  it('refuses the call before the Gateway when no request names a readable account', async () => {
    // Prepare
    const { gateway, context } = bobContext();
    // Act
    const outcome = await runModelTool(context, 'centralops___query_each', {
      requests: [
        { account_id: '111111111111', region: 'us-east-1', calls: call },
        { account_id: '999999999999', region: 'us-east-1', calls: call },
        'not a request',
      ],
    });
    // Assess
    expect(outcome.status).toBe('error');
    expect(gateway.calls).toHaveLength(0);
  });
});
