/**
 * A `fetch` that SigV4-signs every request: the one helper for MCP over HTTP to AWS (the bridge
 * towards the AWS MCP Server, service `aws-mcp`; the agent towards the Gateway, service
 * `bedrock-agentcore`). It fits the `fetch` option of the MCP SDK's StreamableHTTPClientTransport.
 */
// The SDK's own SHA-256: node:crypto where it runs (a pure-JS hash costs 4x the CPU per signature).
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { sendHttpRequest, signalOf, toHttpRequest } from './http-fetch.ts';

export interface SigV4FetchOptions {
  /** SigV4 service name, e.g. `aws-mcp` or `bedrock-agentcore`. */
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Sends the signed request instead (the agent's tracing; tests that tamper). @default sendHttpRequest (common/http-fetch.ts) */
  readonly fetch?: typeof fetch;
}

export function createSigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });

  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const signed = await signer.sign(await toHttpRequest(input, init));
    if (!options.fetch) return sendHttpRequest(signed, signalOf(input, init));
    // A fetch of the caller's own sets Host itself from the URL; Host is still part of the signature.
    const { host: _host, ...headers } = signed.headers;
    return options.fetch(input instanceof Request ? input.url : input, {
      ...init,
      method: signed.method,
      headers,
      body: signed.body as BodyInit | undefined,
    });
  };
}
