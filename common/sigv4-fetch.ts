/**
 * A `fetch` that SigV4-signs every request: the one helper for MCP over HTTP to AWS (the bridge
 * towards the AWS MCP Server, service `aws-mcp`; the agent towards the Gateway, service
 * `bedrock-agentcore`). It fits the `fetch` option of the MCP SDK's StreamableHTTPClientTransport.
 */
// The SDK's own SHA-256: node:crypto where it runs (a pure-JS hash costs 4x the CPU per signature).
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { bodyBytes, httpFetch, queryOf } from './http-fetch.ts';

export interface SigV4FetchOptions {
  /** SigV4 service name, e.g. `aws-mcp` or `bedrock-agentcore`. */
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Sends the signed request. @default httpFetch (common/http-fetch.ts) */
  readonly fetch?: typeof fetch;
}

export function createSigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? httpFetch;
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });

  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input.toString());
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    const body = await bodyBytes(init?.body ?? (request?.body ? await request.arrayBuffer() : undefined));

    const toSign: Record<string, string> = { host: url.host };
    headers.forEach((value, key) => {
      toSign[key] = value;
    });

    const signed = await signer.sign(
      new HttpRequest({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: queryOf(url),
        headers: toSign,
        body,
      }),
    );

    const outgoing: Record<string, string> = {};
    for (const [key, value] of Object.entries(signed.headers)) {
      // fetch sets Host itself from the URL; it is still part of the signature.
      if (key.toLowerCase() !== 'host') outgoing[key] = value;
    }
    return baseFetch(url, { ...init, method, headers: outgoing, body: body as BodyInit | undefined });
  };
}
