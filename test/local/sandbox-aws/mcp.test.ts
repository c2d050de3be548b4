import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsCall } from '#bridge/src/input.ts';
import { renderScript } from '#bridge/src/render-script.ts';
import { createSigV4Fetch } from '#common/sigv4-fetch.ts';
import {
  PLANTED_SECRET_FUNCTION,
  type SandboxAws,
  startSandboxAws,
  TOOL_NAMES,
} from '#local/sandbox-aws/index.ts';
import { assumeRole, connectMcp, rawRpc, rawSession, resultJson } from './test-helpers.ts';

const PROD = '111111111111';
const DEV = '333333333333';

/** A script as the bridge writes it, for one call. */
function script(
  service: string,
  operation: string,
  params: Record<string, unknown> = {},
  region = 'us-east-1',
): string {
  const call: AwsCall = { service, operation, params, pages: 1 };
  return renderScript([call], region);
}

describe('sandbox AWS MCP Server', () => {
  let now = Date.now();
  let sandbox: SandboxAws;
  const clients: Client[] = [];
  beforeAll(async () => {
    sandbox = await startSandboxAws({
      accounts: [
        { id: PROD, name: 'payments-prod', regions: ['us-east-1', 'us-west-2'] },
        { id: DEV, name: 'dev' },
      ],
      now: () => now,
    });
  });
  afterEach(async () => {
    now = Date.now();
    sandbox.setResponseMode('auto');
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const connect = async (accountId: string, sourceIdentity = 'alice'): Promise<Client> => {
    const client = await connectMcp(sandbox, await assumeRole(sandbox, accountId, sourceIdentity));
    clients.push(client);
    return client;
  };

  it.each(['auto', 'sse'] as const)(
    'serves initialize, tools/list and ping to the MCP SDK client (%s responses)',
    async (mode) => {
      // Prepare
      sandbox.setResponseMode(mode);

      // Act
      const client = await connect(PROD);
      const { tools } = await client.listTools();
      await client.ping();

      // Assess
      expect(client.getServerVersion()?.name).toBe('aws-mcp');
      expect(tools.map((t) => t.name).sort()).toEqual(Object.values(TOOL_NAMES).sort());
      expect(tools.find((t) => t.name === TOOL_NAMES.runScript)?.inputSchema.required).toEqual(['code']);
    },
  );

  it('answers SSE when forced, and JSON otherwise', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    const session = await rawSession(sandbox, credentials);
    const ping = { jsonrpc: '2.0', id: 7, method: 'ping' };
    const headers = { 'mcp-session-id': session };

    // Act
    const json = await rawRpc(sandbox, credentials, ping, headers);
    sandbox.setResponseMode('sse');
    const sse = await rawRpc(sandbox, credentials, ping, headers);

    // Assess
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    expect(await sse.text()).toBe('event: message\ndata: {"jsonrpc":"2.0","id":7,"result":{}}\n\n');
  });

  it.each(['auto', 'sse'] as const)(
    'runs a call_boto3 script against the signing account’s dataset (%s)',
    async (mode) => {
      // Prepare
      sandbox.setResponseMode(mode);
      sandbox.resetCalls();
      const client = await connect(DEV, 'bob');
      const code = script('ec2', 'DescribeInstances');

      // Act
      const result = await client.callTool({ name: TOOL_NAMES.runScript, arguments: { code } });

      // Assess
      expect(result.isError).toBe(false);
      const body = resultJson(result) as {
        status: string;
        return_value: { Reservations: { Instances: { InstanceId: string }[] }[] };
      };
      expect(body.status).toBe('success');
      const ids = body.return_value.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId));
      expect(ids).toEqual(sandbox.dataset(DEV).byRegion['us-east-1']!.instances.map((i) => i.InstanceId));
      expect(sandbox.calls.mcp.find((c) => c.method === 'tools/call')).toEqual({
        method: 'tools/call',
        toolName: TOOL_NAMES.runScript,
        accountId: DEV,
        region: 'us-east-1',
        status: 200,
        sourceIdentity: 'bob',
        isError: false,
      });
    },
  );

  it('runs each call in the region the script names', async () => {
    // Prepare
    sandbox.resetCalls();
    const client = await connect(PROD);

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.runScript,
      arguments: { code: script('lambda', 'ListFunctions', {}, 'us-west-2') },
    });

    // Assess
    const names = (
      resultJson(result).return_value as { Functions: { FunctionName: string }[] }
    ).Functions.map((f) => f.FunctionName);
    expect(names).toEqual(sandbox.dataset(PROD).byRegion['us-west-2']!.functions.map((f) => f.FunctionName));
    expect(sandbox.calls.mcp.at(-1)).toMatchObject({
      accountId: PROD,
      region: 'us-west-2',
      toolName: TOOL_NAMES.runScript,
    });
  });

  it('answers "which lambdas errored in the last hour" through GetMetricData', async () => {
    // Prepare
    const client = await connect(PROD);
    const region = sandbox.dataset(PROD).byRegion['us-east-1']!;
    const end = Date.now();
    const code = script('cloudwatch', 'GetMetricData', {
      MetricDataQueries: region.functions.map((f, i) => ({
        Id: `e${i}`,
        Label: f.FunctionName,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: f.FunctionName }],
          },
          Period: 300,
          Stat: 'Sum',
        },
      })),
      StartTime: new Date(end - 3_600_000).toISOString(),
      EndTime: new Date(end).toISOString(),
    });

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.runScript, arguments: { code } });

    // Assess
    const series = (
      resultJson(result).return_value as { MetricDataResults: { Label: string; Values: number[] }[] }
    ).MetricDataResults;
    const errored = series.filter((s) => s.Values.some((v) => v > 0)).map((s) => s.Label);
    expect(errored.sort()).toEqual([...region.erroringFunctions].sort());
    expect(errored.length).toBeGreaterThan(0);
    expect(series.every((s) => s.Values.length === 12)).toBe(true);
  });

  it('answers aws___call_aws with CLI shorthand filters and --region', async () => {
    // Prepare
    const client = await connect(PROD);
    const running = sandbox
      .dataset(PROD)
      .byRegion['us-west-2']!.instances.filter((i) => i.State.Name === 'running');

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.callAws,
      arguments: {
        cli_command:
          'aws ec2 describe-instances --filters Name=instance-state-name,Values=running --region us-west-2',
      },
    });

    // Assess
    const body = resultJson(result) as { response: { json: string; status_code: number }; metadata: unknown };
    expect(body.metadata).toEqual({
      service: 'ec2',
      operation: 'DescribeInstances',
      region_name: 'us-west-2',
    });
    const reservations = (
      JSON.parse(body.response.json) as { Reservations: { Instances: { InstanceId: string }[] }[] }
    ).Reservations;
    expect(reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId))).toEqual(
      running.map((i) => i.InstanceId),
    );
  });

  it('returns the planted secret-looking Lambda environment values so redaction can be tested', async () => {
    // Prepare
    const client = await connect(PROD);

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.callAws,
      arguments: { cli_command: 'aws lambda list-functions' },
    });

    // Assess
    const text = (result.content as { text: string }[])[0]!.text;
    expect(text).toContain(PLANTED_SECRET_FUNCTION);
    expect(text).toMatch(/AKIA[A-Z2-7]{16}/);
    expect(text).toMatch(/aws_secret_access_key=[A-Za-z0-9/+]{40}/);
  });

  it.each([
    [
      'a mutating operation',
      script('ec2', 'TerminateInstances', { InstanceIds: ['i-1'] }),
      'UnauthorizedOperation',
    ],
    ['a secret read', script('secretsmanager', 'GetSecretValue', { SecretId: 'x' }), 'AccessDeniedException'],
    [
      'code outside the template',
      "call_boto3(service_name='ec2', operation_name='DescribeInstances', params={})",
      'NotImplementedError',
    ],
    ['an unknown service', script('nosuch', 'ListThings'), 'UnknownServiceError'],
  ])('answers a script error when the script makes %s', async (_case, code, expected) => {
    // Prepare
    const client = await connect(DEV);

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.runScript, arguments: { code } });

    // Assess
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0]!.text).toContain(expected);
  });

  it('refuses an unknown tool with a JSON-RPC invalid-params error', async () => {
    // Prepare
    const client = await connect(DEV);

    // Act
    const error = await client
      .callTool({ name: 'aws___delete_everything', arguments: {} })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: -32602 });
  });

  it("serves tools/list and documentation to the central account's own keys, and refuses them AWS calls", async () => {
    // Prepare
    const client = await connectMcp(sandbox, sandbox.centralCredentials);
    clients.push(client);

    // Act
    const { tools } = await client.listTools();
    const docs = await client.callTool({
      name: TOOL_NAMES.searchDocumentation,
      arguments: { search_phrase: 'lambda errors metric' },
    });
    const call = await client.callTool({
      name: TOOL_NAMES.runScript,
      arguments: { code: script('ec2', 'DescribeInstances') },
    });

    // Assess
    expect(tools.map((t) => t.name)).toContain(TOOL_NAMES.runScript);
    expect(docs.isError).toBe(false);
    expect(call.isError).toBe(true);
    expect((call.content as { text: string }[])[0]!.text).toContain('not authorized');
  });

  it('lists regions and searches documentation', async () => {
    // Prepare
    const client = await connect(DEV);

    // Act
    const regions = await client.callTool({ name: TOOL_NAMES.listRegions, arguments: {} });
    const docs = await client.callTool({
      name: TOOL_NAMES.searchDocumentation,
      arguments: { search_phrase: 'lambda errors metric' },
    });

    // Assess
    expect(resultJson(regions)).toEqual(
      expect.arrayContaining([{ region_id: 'us-west-2', region_long_name: 'US West (Oregon)' }]),
    );
    expect((resultJson(docs) as unknown as { url: string }[])[0]?.url).toContain('lambda');
  });
});

describe('sandbox AWS MCP Server SigV4 verification', () => {
  let now = Date.now();
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [{ id: PROD }], now: () => now });
  });
  afterEach(() => {
    now = Date.now();
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const initialize = {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  };

  it('refuses with 403 InvalidSignatureException when signed with the wrong secret', async () => {
    // Prepare
    sandbox.resetCalls();
    const credentials = await assumeRole(sandbox, PROD);

    // Act
    const response = await rawRpc(sandbox, { ...credentials, secretAccessKey: 'x'.repeat(40) }, initialize);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'InvalidSignatureException' });
    expect(sandbox.calls.mcp).toEqual([
      { method: 'initialize', accountId: PROD, status: 403, sourceIdentity: 'alice' },
    ]);
  });

  it('refuses with 403 ExpiredTokenException once the credentials have expired', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    now += 901_000;

    // Act
    const response = await rawRpc(sandbox, credentials, initialize);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'ExpiredTokenException' });
  });

  it.each([
    [
      'an access key it never issued',
      { accessKeyId: 'ASIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40), sessionToken: 't' },
    ],
  ])('refuses with 403 when signed with %s', async (_case, credentials) => {
    // Act
    const response = await rawRpc(sandbox, credentials, initialize);

    // Assess
    expect(response.status).toBe(403);
  });

  it('refuses with 403 when the signature is scoped to another region than us-east-1', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    const euFetch = createSigV4Fetch({ service: 'aws-mcp', region: 'eu-west-1', credentials });

    // Act
    const response = await euFetch(sandbox.mcpEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(initialize),
    });

    // Assess
    expect(response.status).toBe(403);
  });

  it('refuses with 403 when the body is not the one whose hash was signed', async () => {
    // Prepare: sign one body, send another
    const credentials = await assumeRole(sandbox, PROD);
    const tampered = JSON.stringify({ ...initialize, id: 99 });
    const tamperingFetch = createSigV4Fetch({
      service: 'aws-mcp',
      region: 'us-east-1',
      credentials,
      fetch: (url, init) => fetch(url, { ...init, body: tampered }),
    });

    // Act
    const response = await tamperingFetch(sandbox.mcpEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(initialize),
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('refuses with 403 when the session token is not the one issued with the key', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);

    // Act
    const response = await rawRpc(sandbox, { ...credentials, sessionToken: 'forged-token' }, initialize);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'UnrecognizedClientException' });
  });

  it('refuses with 403 when the request is unsigned', async () => {
    // Act
    const response = await fetch(sandbox.mcpEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(initialize),
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('refuses requests without a session id after initialize, and unknown sessions', async () => {
    // Prepare
    const credentials = await assumeRole(sandbox, PROD);
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

    // Act
    const missing = await rawRpc(sandbox, credentials, ping);
    const unknown = await rawRpc(sandbox, credentials, ping, { 'mcp-session-id': 'nope' });

    // Assess
    expect(missing.status).toBe(400);
    expect(unknown.status).toBe(404);
  });
});
