/**
 * The smallest Lambda (payload 2.0) ↔ botbuilder Request/Response shim: botbuilder only ships
 * Express/Restify-style adapters (no AwsLambdaReceiver like Bolt's), and CloudAdapter.process
 * needs an object with `body`/`headers` in and `status`/`header`/`send`/`end` out.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Request, Response } from 'botbuilder';

export type HttpEvent = Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'> & {
  readonly requestContext: { readonly http: { readonly method: string } };
};

export interface HttpResult extends APIGatewayProxyStructuredResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The event as a botbuilder Request; `body` is undefined when it is not a JSON object. */
export function toBotRequest(event: HttpEvent): Request {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return { method: event.requestContext.http.method, headers, body: parseObject(raw) };
}

/** Collects what botbuilder writes into one Lambda result. */
export class LambdaResponse implements Response {
  readonly socket = undefined;
  private statusCode = 200;
  private readonly headers: Record<string, string> = {};
  private body = '';

  status(code: number): void {
    this.statusCode = code;
  }

  header(name: string, value: unknown): void {
    this.headers[name.toLowerCase()] = String(value);
  }

  send(body: unknown): void {
    if (typeof body === 'string') {
      this.body = body;
      this.headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (body !== undefined) {
      this.body = JSON.stringify(body);
      this.headers['content-type'] = 'application/json';
    }
  }

  end(): void {}

  result(): HttpResult {
    return { statusCode: this.statusCode, headers: { ...this.headers }, body: this.body };
  }
}

export function httpResult(statusCode: number, body = ''): HttpResult {
  return { statusCode, headers: body ? { 'content-type': 'text/plain; charset=utf-8' } : {}, body };
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
