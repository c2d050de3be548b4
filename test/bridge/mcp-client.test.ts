import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpCallError } from '#bridge/src/errors.ts';
import { McpClientPool, regionFromEndpoint } from '#bridge/src/mcp-client.ts';
import { CredentialCache } from '#bridge/src/sts.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';

describe('McpClientPool', () => {
  let sandbox: SandboxAws;

  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: '310000000001' }] });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('does not retry a 4xx answer', async () => {
    // Prepare: keys the look-alike does not know are answered 403.
    let requests = 0;
    const pool = new McpClientPool({
      endpoint: sandbox.mcpEndpoint,
      retryBaseDelayMs: 1,
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const session = {
      key: 'stranger',
      credentials: {
        accessKeyId: 'ASIAUNKNOWNKEY000000',
        secretAccessKey: 'x'.repeat(40),
        sessionToken: 'token',
      },
    };
    // Act
    const outcome = await pool
      .callTool(session, { toolName: 'aws___list_regions', arguments: {} })
      .catch((error: unknown) => error);
    // Assess
    expect(outcome).toBeInstanceOf(McpCallError);
    expect(outcome).toMatchObject({ status: 403, retryable: false });
    expect(requests).toBe(1);
    await pool.close();
  });

  it('starts a new session when the server answers 404 for a session it forgot', async () => {
    // Prepare: the second tools/call is answered as by a server that lost the session.
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: sandbox.stsEndpoint,
      credentials: sandbox.centralCredentials,
    });
    const credentials = await new CredentialCache({ client: sts, roleName: 'CentralOpsTargetRole' }).get(
      '310000000001',
      'alice',
    );
    let toolCalls = 0;
    const forgetful: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string' && init.body.includes('"tools/call"') && ++toolCalls === 2) {
        return new Response(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }),
          {
            status: 404,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      return fetch(input, init);
    };
    const pool = new McpClientPool({ endpoint: sandbox.mcpEndpoint, fetch: forgetful });
    const session = { key: 'alice', credentials };
    sandbox.resetCalls();
    // Act
    await pool.callTool(session, { toolName: 'aws___list_regions', arguments: {} });
    const second = await pool.callTool(session, { toolName: 'aws___list_regions', arguments: {} });
    // Assess
    expect(second.isError).toBeFalsy();
    expect(sandbox.calls.mcp.filter((call) => call.method === 'initialize')).toHaveLength(2);
    await pool.close();
  });

  it('reads the signing region from the AWS MCP Server host name', () => {
    expect(regionFromEndpoint('https://aws-mcp.us-east-1.api.aws/mcp')).toBe('us-east-1');
    expect(regionFromEndpoint('https://aws-mcp.eu-central-1.api.aws/mcp')).toBe('eu-central-1');
    expect(regionFromEndpoint('http://127.0.0.1:4000/mcp')).toBeUndefined();
  });
});
