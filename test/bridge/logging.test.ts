import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { loadConfig } from '#bridge/src/config.ts';
import { type BridgeHandler, createBridgeHandler } from '#bridge/src/handler.ts';
import { createBridgeLogger } from '#bridge/src/logger.ts';
import { McpClientPool } from '#bridge/src/mcp-client.ts';
import { PLANTED_SECRET_FUNCTION } from '#local/sandbox-aws/index.ts';
import { asLambdaInvocation } from '#local/stand-ins/lambda-invocation.ts';
import { captureStdio as captureLogs } from '../support/capture-stdio.ts';
import { accountId, type BridgeHarness, gatewayContext, startBridgeHarness } from './harness.ts';

// Built at run time so no credential-shaped literal sits in the repository.
const ACCESS_KEY = `AKIA${'IOSFODNN7EXAMPLE'}`;
const SLACK_TOKEN = `xoxb-${'1234567890'}-abcdefghijkl`;

describe('bridge logs', () => {
  let bridge: BridgeHarness;

  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 2 });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  /** A bridge on the sandbox that logs at INFO through the bridge's own logger; `fetch` wraps the MCP traffic. */
  function loggingHandler(mcpFetch?: typeof fetch): BridgeHandler {
    return createBridgeHandler({
      config: { ...loadConfig({}), mcpEndpoint: bridge.sandbox.mcpEndpoint },
      registry: new DynamoAccountRegistry({ client: bridge.dynamo.documentClient }),
      stsClient: new STSClient({
        region: 'us-east-1',
        endpoint: bridge.sandbox.stsEndpoint,
        credentials: bridge.sandbox.centralCredentials,
      }),
      mcp: new McpClientPool({
        endpoint: bridge.sandbox.mcpEndpoint,
        ...(mcpFetch ? { fetch: mcpFetch } : {}),
      }),
      ownCredentials: async () => bridge.sandbox.centralCredentials,
      logger: createBridgeLogger({ logLevel: 'INFO' }),
    });
  }

  it('logs user, account, operations and outcome as JSON, and no secrets', async () => {
    // Prepare
    const handler = loggingHandler();
    // Act
    const { records, text } = await captureLogs(() =>
      handler(
        {
          account_id: accountId(1),
          calls: [{ service: 'lambda', operation: 'ListFunctions' }],
          requested_by: 'alice',
        },
        gatewayContext('query'),
      ),
    );
    // Assess
    expect(records).toContainEqual(
      expect.objectContaining({
        user: 'alice',
        account: accountId(1),
        tool: 'aws___run_script',
        operations: 'lambda.ListFunctions',
        outcome: 'ok',
      }),
    );
    expect(text).not.toMatch(/AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}/);
    expect(text).not.toContain(PLANTED_SECRET_FUNCTION);
  });

  it('puts the invocation’s trace id in every log line, failed calls’ included', async () => {
    // Prepare: the Gateway continues the agent's trace into the bridge's Lambda invocation
    const handler = loggingHandler();
    const trace = {
      traceId: '1-67a1b2c3-00000000000000000000b41d',
      parentId: '53995c3f42cd8ad8',
      sampled: true,
    };
    bridge.sandbox.injectFault(accountId(2), 'access_denied', 1);
    // Act
    const { records } = await captureLogs(() =>
      asLambdaInvocation(trace, () =>
        handler(
          {
            account_ids: [accountId(1), accountId(2)],
            calls: [{ service: 'lambda', operation: 'ListFunctions' }],
            requested_by: 'alice',
          },
          gatewayContext('query_accounts'),
        ),
      ),
    );
    // Assess
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.some((record) => record.level === 'WARN')).toBe(true);
    for (const record of records) expect(record.xray_trace_id).toBe(trace.traceId);
  });

  it('redacts a secret a caller puts in a field that is logged', async () => {
    // Prepare: a Slack token is a well-formed requested_by (letters, digits and -)
    const handler = loggingHandler();
    // Act
    const { records, text } = await captureLogs(() =>
      handler(
        {
          account_id: '123456789012',
          calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
          requested_by: SLACK_TOKEN,
        },
        gatewayContext('query'),
      ),
    );
    // Assess
    expect(records.length).toBeGreaterThan(0);
    expect(text).not.toContain(SLACK_TOKEN);
    expect(text).toContain('[REDACTED]');
  });

  it('redacts an MCP JSON-RPC error message in the tool error and in the log line', async () => {
    // Prepare: the server answers tools/call with a JSON-RPC error quoting credentials.
    const quoting: typeof fetch = async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      const message = body ? (JSON.parse(body) as { id?: number; method?: string }) : {};
      if (message.method !== 'tools/call') return fetch(input, init);
      return new Response(
        JSON.stringify({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32603, message: `Internal error: key ${ACCESS_KEY}, password=hunter2` },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    };
    const handler = loggingHandler(quoting);
    // Act
    let answer: unknown;
    const { text } = await captureLogs(async () => {
      answer = await handler(
        {
          account_id: accountId(2),
          calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
          requested_by: 'alice',
        },
        gatewayContext('query'),
      );
    });
    // Assess
    expect(answer).toEqual({
      error: { code: 'mcp_error', message: expect.stringContaining('AWS MCP Server error -32603') },
    });
    const shown = JSON.stringify(answer);
    expect(shown).not.toContain(ACCESS_KEY);
    expect(shown).not.toContain('hunter2');
    expect(text).toContain('-32603');
    expect(text).not.toContain(ACCESS_KEY);
    expect(text).not.toContain('hunter2');
  });
});
