/** The request/response shapes the protocol modules exchange with server.ts. */
import type { IncomingHttpHeaders } from 'node:http';

export interface SandboxRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Aborted when the client goes away (a 'timeout' fault waits on it). */
  readonly signal: AbortSignal;
}

export interface SandboxResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** A string body, or SSE events written one by one. */
  readonly body: string | { readonly sse: readonly string[] };
}
