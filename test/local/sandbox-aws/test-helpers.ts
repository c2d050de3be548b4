/** Shared steps of the sandbox suites: assume a member role, connect the MCP SDK client with SigV4. */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createSigV4Fetch } from '#common/sigv4-fetch.ts';
import type { SandboxAws } from '#local/sandbox-aws/index.ts';

export const ROLE_NAME = 'CentralOpsTargetRole';

export function stsClient(sandbox: SandboxAws, credentials = sandbox.centralCredentials): STSClient {
  return new STSClient({ endpoint: sandbox.stsEndpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export async function assumeRole(
  sandbox: SandboxAws,
  accountId: string,
  sourceIdentity = 'alice',
): Promise<AwsCredentialIdentity> {
  const { Credentials } = await stsClient(sandbox).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`,
      RoleSessionName: `centralops-${sourceIdentity}`,
      SourceIdentity: sourceIdentity,
      DurationSeconds: 900,
    }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
    ...(Credentials?.Expiration ? { expiration: Credentials.Expiration } : {}),
  };
}

export function signedFetch(credentials: AwsCredentialIdentity): typeof fetch {
  return createSigV4Fetch({ service: 'aws-mcp', region: 'us-east-1', credentials });
}

export async function connectMcp(sandbox: SandboxAws, credentials: AwsCredentialIdentity): Promise<Client> {
  const client = new Client({ name: 'sandbox-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(sandbox.mcpEndpoint), { fetch: signedFetch(credentials) }),
  );
  return client;
}

/** The JSON of a tool result's first text block. */
export function resultJson(result: unknown): Record<string, unknown> {
  const content = (result as { content: { type: string; text: string }[] }).content;
  return JSON.parse(content[0]!.text) as Record<string, unknown>;
}

/** A raw JSON-RPC POST to /mcp signed with `credentials` (for what the SDK client cannot send). */
export async function rawRpc(
  sandbox: SandboxAws,
  credentials: AwsCredentialIdentity,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return signedFetch(credentials)(sandbox.mcpEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

/** Opens a session with a raw initialize and returns its id. */
export async function rawSession(sandbox: SandboxAws, credentials: AwsCredentialIdentity): Promise<string> {
  const response = await rawRpc(sandbox, credentials, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  await response.text();
  return response.headers.get('mcp-session-id')!;
}
