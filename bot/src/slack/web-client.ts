/**
 * The worker's Web API client: SLACK_API_URL honoured, and every call rate-limit aware: on 429
 * WebClient waits the `Retry-After` it was given, pauses its queue, and retries (each retry counted
 * for the ChatApiRetries metric).
 */
import { ErrorCode, LogLevel, type RetryOptions, WebClient } from '@slack/web-api';
import { countChatApiRetry } from '../core/chat-api-retries.ts';

export interface SlackWebClientOptions {
  readonly token: string;
  /** Must end with `/api/`. @default Slack's */
  readonly apiUrl?: string;
  /** Retries of one call, 429 included. @default 5 */
  readonly retries?: number;
}

export function createSlackWebClient(options: SlackWebClientOptions): WebClient {
  // WebClient hands retryConfig to p-retry whole; its type names only node-retry's options.
  const retryConfig: RetryOptions & { onFailedAttempt(error: { retriesLeft: number }): void } = {
    retries: options.retries ?? 5,
    factor: 2,
    minTimeout: 200,
    maxTimeout: 5_000,
    // Every failed attempt is reported; the ones with retries left are retried.
    onFailedAttempt: (error) => {
      if (error.retriesLeft > 0) countChatApiRetry('slack');
    },
  };
  return new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: false,
    retryConfig,
    logLevel: LogLevel.ERROR,
  });
}

/** Slack's `error` string of a failed call (`message_not_in_streaming_state`, …), else undefined. */
export function slackErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: string; data?: { error?: string } };
  return candidate?.code === ErrorCode.PlatformError ? candidate.data?.error : undefined;
}
