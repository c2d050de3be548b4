/**
 * A `fetch` over node:http(s) keep-alive sockets: what the MCP SDK's transport calls for the
 * signed exchanges (bridge → AWS MCP Server, agent → Gateway). A fan-out makes thousands of small
 * request/response pairs: Node's WHATWG fetch spends about twice the CPU on each, and the AWS SDK's
 * NodeHttpHandler adds a timer, an abort listener and a keep-alive system call to every request
 * (`npx tsx bench/http-fetch.ts`). No library adapts node:http to `fetch`, so this does, in one place.
 * Not a general fetch: redirects are not followed (a signed request must not be replayed
 * elsewhere) and there is no cache or cookie jar. A body is read whole before the Response is
 * made (an empty one is none), except an event stream, which is handed on as it arrives.
 */
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { buildQueryString } from '@smithy/core/protocols';
import { HttpRequest } from '@smithy/protocol-http';
import type { HttpRequest as SdkHttpRequest } from '@smithy/types';

/** Statuses whose Response may carry no body (the Fetch standard's null-body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface HttpFetchOptions {
  /**
   * An idle keep-alive socket is closed after this long, or 1 s before the keep-alive timeout
   * the server announces when that is sooner (Node's agent reads the hint only when it has a
   * timeout of its own): a request sent on a socket the server is closing fails. Sockets busy
   * with a request are not affected. @default 4_000, as undici's
   */
  readonly idleSocketTimeoutMs?: number;
}

/** Sends a request as the SDK holds it (a signed one, say) and answers the `Response` fetch would. */
export type SendHttpRequest = (request: SdkHttpRequest, signal?: AbortSignal | null) => Promise<Response>;

export function createHttpSender(options: HttpFetchOptions = {}): SendHttpRequest {
  const timeout = options.idleSocketTimeoutMs ?? 4_000;
  // Any number of sockets per host, as fetch allows.
  const httpAgent = new HttpAgent({ keepAlive: true, timeout });
  const httpsAgent = new HttpsAgent({ keepAlive: true, timeout });
  return (request, signal) =>
    new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const secure = request.protocol === 'https:';
      const query = request.query ? buildQueryString(request.query) : '';
      const { body } = request;
      const sent = (secure ? httpsRequest : httpRequest)(
        {
          host: request.hostname,
          port: request.port,
          method: request.method,
          path: query ? `${request.path}?${query}` : request.path,
          // Added here, after any signing, as fetch adds it: the length is not part of a signature.
          headers:
            body === undefined
              ? request.headers
              : { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? httpsAgent : httpAgent,
        },
        (message) => toResponse(message).then(resolve, reject),
      );
      sent.on('error', reject);
      if (signal) abortOn(signal, sent);
      sent.end(body);
    });
}

/**
 * The requests in flight under each signal, behind one abort listener a signal: the MCP transport
 * gives every request of a session the same signal, and Node warns of a listener leak past 10 on
 * one signal (node:http's own `signal` option adds one a request).
 */
const inFlight = new WeakMap<AbortSignal, Set<ClientRequest>>();

/** Destroys `sent`, its response included, when `signal` aborts. */
function abortOn(signal: AbortSignal, sent: ClientRequest): void {
  const requests = inFlight.get(signal) ?? listenTo(signal);
  requests.add(sent);
  sent.once('close', () => requests.delete(sent));
}

/** A signal's one listener, destroying every request in flight under it. */
function listenTo(signal: AbortSignal): Set<ClientRequest> {
  const requests = new Set<ClientRequest>();
  const abort = (): void => {
    for (const each of requests) each.destroy(abortError(signal));
  };
  signal.addEventListener('abort', abort, { once: true });
  inFlight.set(signal, requests);
  return requests;
}

/** What fetch rejects with: the signal's reason, an AbortError DOMException unless one was given. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/** `fetch`'s arguments as the SDK's HttpRequest: lower-case header names, Host from the URL. */
export async function toHttpRequest(input: string | URL | Request, init?: RequestInit): Promise<HttpRequest> {
  const request = input instanceof Request ? input : undefined;
  const url = input instanceof URL ? input : new URL(input instanceof Request ? input.url : input);
  const headers = headerRecord(init?.headers ?? request?.headers);
  const body = await bodyBytes(init?.body ?? (request?.body ? await request.arrayBuffer() : undefined));
  return new HttpRequest({
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: queryOf(url),
    headers: { ...headers, host: url.host },
    body,
  });
}

/** The signal a fetch call carries, in its init or its Request. */
export function signalOf(input: string | URL | Request, init?: RequestInit): AbortSignal | null | undefined {
  return init?.signal ?? (input instanceof Request ? input.signal : undefined);
}

export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  return fetchOver(createHttpSender(options));
}

function fetchOver(send: SendHttpRequest): typeof fetch {
  return async (input, init) => send(await toHttpRequest(input, init), signalOf(input, init));
}

/** The process's one sender: every credential set shares its sockets to the same host. */
export const sendHttpRequest: SendHttpRequest = createHttpSender();

export const httpFetch: typeof fetch = fetchOver(sendHttpRequest);

async function toResponse(message: IncomingMessage): Promise<Response> {
  const status = message.statusCode ?? 0;
  const { rawHeaders } = message;
  if (NULL_BODY_STATUSES.has(status)) {
    message.resume();
    return withHeaders(new Response(null, { status }), rawHeaders);
  }
  if (message.headers['content-type']?.startsWith('text/event-stream')) {
    const stream = Readable.toWeb(message) as ReadableStream<Uint8Array>;
    return withHeaders(new Response(stream, { status }), rawHeaders);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  // Nothing to stream (an MCP notification's 202): no body, as for the null-body statuses.
  if (bytes.length === 0) return withHeaders(new Response(null, { status }), rawHeaders);
  return new BufferedResponse(bytes, status, rawHeaders);
}

/**
 * Adds a response's headers as fetch gives them (repeated ones joined, Set-Cookie apart) to the
 * Response's own Headers: given in its init, they would be copied once more.
 */
function withHeaders<T extends Response>(response: T, rawHeaders: readonly string[]): T {
  for (let i = 0; i < rawHeaders.length; i += 2) response.headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
  return response;
}

/**
 * A Response over a body already read whole. Node's Response wraps the bytes in a web stream that
 * json() then reads back: most of the CPU of a small answer (`npx tsx bench/http-fetch.ts`). This
 * one answers text(), json() and arrayBuffer() from the bytes, and makes the stream (a Response of
 * its own) only when something asks for `body` or another reader; a body is still read once.
 */
class BufferedResponse extends Response {
  readonly #rawHeaders: readonly string[];
  /** Undefined once read. */
  #bytes: Buffer<ArrayBuffer> | undefined;
  #streamed: Response | undefined;

  public constructor(bytes: Buffer<ArrayBuffer>, status: number, rawHeaders: readonly string[]) {
    super(null, { status });
    withHeaders(this, rawHeaders);
    this.#rawHeaders = rawHeaders;
    this.#bytes = bytes;
  }

  public override get body(): Response['body'] {
    return this.#stream().body;
  }

  public override get bodyUsed(): boolean {
    return this.#streamed ? this.#streamed.bodyUsed : this.#bytes === undefined;
  }

  public override async text(): Promise<string> {
    return this.#streamed ? this.#streamed.text() : this.#take().toString('utf8');
  }

  public override async json(): Promise<unknown> {
    return this.#streamed ? this.#streamed.json() : JSON.parse(this.#take().toString('utf8'));
  }

  public override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#streamed) return this.#streamed.arrayBuffer();
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  public override async blob(): Promise<Blob> {
    return this.#stream().blob();
  }

  public override async formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  public override clone(): Response {
    if (this.#streamed) return this.#streamed.clone();
    if (this.#bytes === undefined) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, this.status, this.#rawHeaders);
  }

  #take(): Buffer<ArrayBuffer> {
    const bytes = this.#bytes;
    if (bytes === undefined) throw new TypeError('Body is unusable: Body has already been read');
    this.#bytes = undefined;
    return bytes;
  }

  #stream(): Response {
    this.#streamed ??= new Response(this.#take(), { status: this.status, headers: this.headers });
    return this.#streamed;
  }
}

/** Headers as a record of lower-case names; a plain record (what createSigV4Fetch passes) is copied as it is. */
function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (init && !(init instanceof Headers) && !Array.isArray(init)) {
    for (const [name, value] of Object.entries(init)) record[name.toLowerCase()] = value;
    return record;
  }
  new Headers(init).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** A URL's query as the SDK's HttpRequest holds it: repeated keys become lists. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** A request body as bytes or text, so what is hashed or sent is exactly what was given. */
async function bodyBytes(body: BodyInit | null | undefined): Promise<string | Uint8Array | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(await new Response(body).arrayBuffer());
}
