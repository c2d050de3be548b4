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

export interface SigV4FetchOptions {
  /** SigV4 service name, e.g. `aws-mcp` or `bedrock-agentcore`. */
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export function createSigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
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

    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
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
        query,
        headers: toSign,
        body,
      }),
    );

    const outgoing = new Headers();
    for (const [key, value] of Object.entries(signed.headers)) {
      // fetch sets Host itself from the URL; it is still part of the signature.
      if (key.toLowerCase() !== 'host') outgoing.set(key, value);
    }
    return baseFetch(url, { ...init, method, headers: outgoing, body: body as BodyInit | undefined });
  };
}

/** The request body as bytes or text, so the payload hash covers exactly what is sent. */
async function bodyBytes(body: BodyInit | null | undefined): Promise<string | Uint8Array | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(await new Response(body).arrayBuffer());
}
