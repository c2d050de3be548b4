import { Logger } from '@aws-lambda-powertools/logger';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../bridge/src/config.ts';
import { createBridgeHandler } from '../../bridge/src/handler.ts';
import { McpClientPool } from '../../bridge/src/mcp-client.ts';
import { DynamoAccountRegistry } from '../../registry-seed/src/account-registry.ts';
import { PLANTED_SECRET_FUNCTION } from '../sandbox-aws/index.ts';
import { accountId, type BridgeHarness, gatewayContext, startBridgeHarness } from './harness.ts';

describe('bridge logs', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 2 });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  it('logs user, account, tool and outcome as JSON, and no secrets', async () => {
    // Prepare
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const handler = createBridgeHandler({
      config: { ...loadConfig({}), mcpEndpoint: bridge.sandbox.mcpEndpoint },
      registry: new DynamoAccountRegistry({ client: bridge.dynamo.documentClient }),
      stsClient: new STSClient({
        region: 'us-east-1',
        endpoint: bridge.sandbox.stsEndpoint,
        credentials: bridge.sandbox.centralCredentials,
      }),
      mcp: new McpClientPool({ endpoint: bridge.sandbox.mcpEndpoint }),
      logger: new Logger({ serviceName: 'centralops-bridge', logLevel: 'INFO' }),
    });
    // Act
    try {
      await handler(
        {
          account_id: accountId(1),
          calls: [{ service: 'lambda', operation: 'ListFunctions' }],
          requested_by: 'alice',
        },
        gatewayContext('query'),
      );
    } finally {
      write.mockRestore();
    }
    // Assess
    const records = lines
      .flatMap((line) => line.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(records).toContainEqual(
      expect.objectContaining({
        user: 'alice',
        account: accountId(1),
        tool: 'aws___run_script',
        operations: 'lambda.ListFunctions',
        outcome: 'ok',
      }),
    );
    const text = lines.join('');
    expect(text).not.toMatch(/AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}/);
    expect(text).not.toContain(PLANTED_SECRET_FUNCTION);
  });
});
