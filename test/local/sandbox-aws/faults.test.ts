import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderScript } from '#bridge/src/render-script.ts';
import { type SandboxAws, startSandboxAws, TOOL_NAMES } from '#local/sandbox-aws/index.ts';
import { assumeRole, connectMcp, rawRpc, rawSession } from './test-helpers.ts';

const PROD = '111111111111';
const DEV = '333333333333';
const LIST_BUCKETS = {
  name: TOOL_NAMES.runScript,
  arguments: {
    code: renderScript([{ service: 's3', operation: 'ListBuckets', params: {}, pages: 1 }], 'us-east-1'),
  },
};

describe('sandbox AWS MCP Server faults and latency', () => {
  let sandbox: SandboxAws;
  const clients: Client[] = [];
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: PROD }, { id: DEV }], timeoutHoldMs: 400 });
  });
  afterEach(async () => {
    sandbox.clearFaults();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const connect = async (accountId: string): Promise<Client> => {
    const client = await connectMcp(sandbox, await assumeRole(sandbox, accountId));
    clients.push(client);
    return client;
  };

  it.each([
    ['throttle', 429, 'ThrottlingException'],
    ['server_error', 503, 'ServiceUnavailableException'],
  ] as const)(
    'fails the next %s tools/call of that account only, then recovers',
    async (fault, status, type) => {
      // Prepare
      const prod = await connect(PROD);
      const dev = await connect(DEV);
      sandbox.resetCalls();
      sandbox.injectFault(PROD, fault, 2);

      // Act
      const first = await prod.callTool(LIST_BUCKETS).catch((e: unknown) => e);
      const other = await dev.callTool(LIST_BUCKETS);
      const second = await prod.callTool(LIST_BUCKETS).catch((e: unknown) => e);
      const third = await prod.callTool(LIST_BUCKETS);

      // Assess
      for (const error of [first, second]) {
        expect(error).toMatchObject({ code: status });
        expect((error as Error).message).toContain(type);
      }
      expect(other.isError).toBe(false);
      expect(third.isError).toBe(false);
      expect(
        sandbox.calls.mcp.filter((c) => c.method === 'tools/call').map((c) => [c.accountId, c.status]),
      ).toEqual([
        [PROD, status],
        [DEV, 200],
        [PROD, status],
        [PROD, 200],
      ]);
    },
  );

  it('answers an access_denied fault as an AccessDenied tool error', async () => {
    // Prepare
    const client = await connect(PROD);
    sandbox.injectFault(PROD, 'access_denied');

    // Act
    const denied = await client.callTool(LIST_BUCKETS);
    const next = await client.callTool(LIST_BUCKETS);

    // Assess
    expect(denied.isError).toBe(true);
    expect((denied.content as { text: string }[])[0]!.text).toContain(
      'An error occurred (AccessDenied) when calling the ListBuckets operation',
    );
    expect(next.isError).toBe(false);
  });

  it('holds a timed-out call until the client gives up', async () => {
    // Prepare
    const client = await connect(PROD);
    sandbox.injectFault(PROD, 'timeout');

    // Act
    const error = await client.callTool(LIST_BUCKETS, undefined, { timeout: 200 }).catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toMatch(/timed out/i);
  });

  it('answers 504 once the hold reaches its bound when the client waits longer', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    const session = await rawSession(sandbox, credentials);
    sandbox.injectFault(PROD, 'timeout');

    // Act
    const response = await rawRpc(
      sandbox,
      credentials,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: LIST_BUCKETS },
      { 'mcp-session-id': session },
    );

    // Assess
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ __type: 'GatewayTimeoutException' });
  });

  it('delays only the account given latency', async () => {
    // Prepare
    const prod = await connect(PROD);
    sandbox.setLatency(300, PROD);

    // Act
    const started = performance.now();
    await prod.callTool(LIST_BUCKETS);
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('reports its own time on each answer in Server-Timing, injected latency included', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    const session = await rawSession(sandbox, credentials);
    sandbox.setLatency(120, PROD);

    // Act
    const response = await rawRpc(
      sandbox,
      credentials,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: LIST_BUCKETS },
      { 'mcp-session-id': session },
    );
    await response.text();

    // Assess
    const dur = Number(/^sandbox;dur=([\d.]+)$/.exec(response.headers.get('server-timing') ?? '')?.[1]);
    expect(dur).toBeGreaterThanOrEqual(119);
  });

  it('refuses an unknown fault kind', () => {
    // Act / Assess
    expect(() => sandbox.injectFault(PROD, 'meteor' as never)).toThrow(/unknown fault/);
  });
});

describe('sandbox AWS stop', () => {
  it('releases a held response when stopped', async () => {
    // Prepare
    const sandbox = await startSandboxAws({ accounts: [{ id: PROD }], timeoutHoldMs: 60_000 });
    const credentials = await assumeRole(sandbox, PROD);
    const session = await rawSession(sandbox, credentials);
    sandbox.injectFault(PROD, 'timeout');
    const pending = rawRpc(
      sandbox,
      credentials,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: LIST_BUCKETS },
      { 'mcp-session-id': session },
    ).then(
      (r) => r.status,
      () => 'closed',
    );
    await sandbox.holding(1);

    // Act
    await sandbox.stop();

    // Assess: released (503) rather than left to the client's abort or the 60 s bound
    expect(await pending).toBe(503);
    expect(sandbox.calls.mcp.at(-1)).toMatchObject({ method: 'tools/call', status: 503 });
  });
});

describe('sandbox AWS handshake latency', () => {
  it('holds AssumeRole and initialize, the round trips a session starts with, and no call', async () => {
    // Prepare: a session opened before the latency is set
    const sandbox = await startSandboxAws({ accounts: [{ id: PROD }] });
    const credentials = await assumeRole(sandbox, PROD);
    const session = await rawSession(sandbox, credentials);
    sandbox.setHandshakeLatency(60_000);

    // Act
    const call = await rawRpc(
      sandbox,
      credentials,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: LIST_BUCKETS },
      { 'mcp-session-id': session },
    );
    const assumed = assumeRole(sandbox, PROD).then(() => 'answered');
    const opened = rawSession(sandbox, credentials).then(() => 'answered');
    // Both are held at once; stopping the sandbox releases them.
    await sandbox.holding(2);
    await sandbox.stop();

    // Assess
    expect(call.status).toBe(200);
    expect(await assumed).toBe('answered');
    expect(await opened).toBe('answered');
  });
});
