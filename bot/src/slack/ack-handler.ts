/**
 * The Slack HTTP path as a Lambda handler (Function URL / HTTP API, payload 2.0 or 1.0), in the
 * place of Bolt's AwsLambdaReceiver. The order is the point: Bolt's own `verifySlackRequest` (v0
 * HMAC, constant-time, stale timestamps) and a bound on future timestamps run on the raw body
 * before anything parses it; then the body is parsed and its shape checked; then `ssl_check`,
 * `url_verification`, or the SlackAckRouter. A request that is not a verified, well-formed Slack
 * request gets 401 or 400, never an exception (which would be a 502 and page on-call).
 *
 * Hand-written because AwsLambdaReceiver parses the body before it checks the signature (unsigned
 * junk throws) and, like verifySlackRequest, lets any timestamp from the future through.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
// The module alone: Bolt's index would load its HTTP and Socket Mode stacks too.
import { isValidSlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';
import { SlackAckRouter, type SlackAckRouterOptions } from './ack-router.ts';
import { parseSlackRequest } from './inbound.ts';

/** `(event, context) => Promise<{ statusCode, headers?, body }>` */
export type AwsHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

export interface SlackAckHandlerOptions extends SlackAckRouterOptions {
  readonly signingSecret: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Slack's window: a request signed more than 5 minutes before or after now is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export function createSlackAckHandler(options: SlackAckHandlerOptions): AwsHandler {
  const router = new SlackAckRouter(options);
  const { logger, signingSecret } = options;
  const now = options.now ?? Date.now;

  return async (event) => {
    const headers = lowerCased(event.headers);
    const rawBody = rawBodyOf(event);
    if (!verified(signingSecret, rawBody, headers, now(), logger)) return respond(401);

    const request = parseSlackRequest(parseBody(rawBody, headers['content-type']));
    if (!request) {
      logger.warn('malformed Slack request refused', { contentType: headers['content-type'] });
      return respond(400, 'malformed request');
    }
    if (request.kind === 'ssl_check') return respond(200);
    if (request.kind === 'url_verification') return json({ challenge: request.challenge });

    let acked: string | Record<string, unknown> | undefined;
    const retryNum = Number(headers['x-slack-retry-num']);
    try {
      await router.route(request, {
        ack: async (response) => {
          acked = (response as Record<string, unknown> | undefined) ?? '';
        },
        retryNum: Number.isInteger(retryNum) ? retryNum : undefined,
      });
    } catch (error) {
      // The hand-off failed before the ack: Slack retries on a 5xx, and the dedupe claim was given back.
      logger.error('Slack request failed', { error: error as Error });
      return respond(500, 'internal error');
    }
    if (acked === undefined || typeof acked === 'string') return respond(200, acked ?? '');
    return json(acked);
  };
}

/**
 * Bolt's signature check (and its bound on stale requests), plus the bound it lacks on requests
 * from the future: together Slack's ±5 minute window.
 */
function verified(
  signingSecret: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  nowMs: number,
  logger: Logger,
): boolean {
  const signature = headers['x-slack-signature'];
  const timestamp = Number(headers['x-slack-request-timestamp']);
  if (!signature || !Number.isInteger(timestamp)) {
    logger.warn('Slack request refused: no signature or timestamp');
    return false;
  }
  if (timestamp > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SECONDS) {
    logger.warn('Slack request refused: timestamp in the future', { timestamp });
    return false;
  }
  const valid = isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
  if (!valid) logger.warn('Slack request refused: bad signature or stale timestamp', { timestamp });
  return valid;
}

/** The body as Slack signed it: Function URLs base64-encode some bodies. */
function rawBodyOf(event: AwsEvent): string {
  if (typeof event.body !== 'string') return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Form (slash commands, `ssl_check`; interactivity's `payload=` JSON) or JSON (Events API);
 * undefined when it is neither or a field repeats.
 */
function parseBody(raw: string, contentType: string | undefined): unknown {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(raw)) {
      if (Object.hasOwn(fields, name)) return undefined;
      fields[name] = value;
    }
    return fields.payload === undefined ? fields : parseJson(fields.payload);
  }
  return mediaType === 'application/json' ? parseJson(raw) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lowerCased(headers: AwsEvent['headers'] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[name.toLowerCase()] = value;
  }
  return result;
}

function respond(statusCode: number, body = ''): AwsResponse {
  return { statusCode, ...(body ? { headers: { 'content-type': 'text/plain; charset=utf-8' } } : {}), body };
}

function json(body: Record<string, unknown>): AwsResponse {
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
