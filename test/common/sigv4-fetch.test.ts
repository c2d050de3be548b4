import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssumedCredentials } from '#bridge/src/sts.ts';
import { CredentialCache } from '#bridge/src/sts.ts';
import { createSigV4Fetch } from '#common/sigv4-fetch.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';

const ACCOUNT = '320000000001';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
});
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('createSigV4Fetch', () => {
  let sandbox: SandboxAws;
  let credentials: AssumedCredentials;

  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: ACCOUNT }] });
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: sandbox.stsEndpoint,
      credentials: sandbox.centralCredentials,
    });
    credentials = await new CredentialCache({ client: sts, roleName: 'CentralOpsTargetRole' }).get(
      ACCOUNT,
      'alice',
    );
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('signs method, URL, headers and body so that the AWS MCP look-alike accepts the request', async () => {
    // Prepare
    const signedFetch = createSigV4Fetch({ service: 'aws-mcp', region: 'us-east-1', credentials });
    // Act
    const response = await signedFetch(`${sandbox.mcpEndpoint}?probe=1`, {
      method: 'POST',
      headers: HEADERS,
      body: INITIALIZE,
    });
    // Assess
    expect(response.status).toBe(200);
    expect(sandbox.calls.mcp.at(-1)).toMatchObject({
      method: 'initialize',
      accountId: ACCOUNT,
      sourceIdentity: 'alice',
    });
  });

  it('accepts a Request object as input', async () => {
    // Prepare
    const signedFetch = createSigV4Fetch({
      service: 'aws-mcp',
      region: 'us-east-1',
      credentials: async () => credentials,
    });
    // Act
    const response = await signedFetch(
      new Request(sandbox.mcpEndpoint, { method: 'POST', headers: HEADERS, body: INITIALIZE }),
    );
    // Assess
    expect(response.status).toBe(200);
  });

  it('produces a signature the server refuses when the body is changed after signing', async () => {
    // Prepare: a base fetch that tampers with the body once it is signed.
    const tampering: typeof fetch = (input, init) =>
      fetch(input, { ...init, body: INITIALIZE.replace('test', 'evil') });
    const signedFetch = createSigV4Fetch({
      service: 'aws-mcp',
      region: 'us-east-1',
      credentials,
      fetch: tampering,
    });
    // Act
    const response = await signedFetch(sandbox.mcpEndpoint, {
      method: 'POST',
      headers: HEADERS,
      body: INITIALIZE,
    });
    // Assess
    expect(response.status).toBe(403);
  });

  it('produces a signature the server refuses for another service name', async () => {
    // Prepare
    const signedFetch = createSigV4Fetch({ service: 'bedrock-agentcore', region: 'us-east-1', credentials });
    // Act
    const response = await signedFetch(sandbox.mcpEndpoint, {
      method: 'POST',
      headers: HEADERS,
      body: INITIALIZE,
    });
    // Assess
    expect(response.status).toBe(403);
  });
});
