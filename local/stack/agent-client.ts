/**
 * A client of the agent's runtime server as AgentCore Runtime forwards to it: POST /invocations with
 * the runtime user and session headers, the SSE answer read back as AgentEvents. The agent suites
 * and bench/agent.ts use it.
 */

import { type AgentEvent, parseAgentEvent } from '#contracts/agent-events.ts';
import { RUNTIME_HEADERS } from '#contracts/runtime-request.ts';

export const CONVERSATION = {
  platform: 'slack',
  workspace: 'T0CENTRAL',
  channel: 'C0INCIDENT',
  thread: '1700000000.000100',
} as const;

/** Reads an SSE body into events, ignoring comments (heartbeats). */
export async function readEvents(response: Response): Promise<AgentEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n'),
    )
    .filter(Boolean)
    .map(parseAgentEvent);
}

export interface InvokeOptions {
  readonly prompt?: string;
  readonly command?: { name: string; text: string };
  readonly userId?: string;
  readonly sessionId?: string;
  readonly conversation?: Record<string, string>;
  readonly body?: Record<string, unknown>;
  /** More headers, e.g. the trace headers AgentCore Runtime forwards. */
  readonly headers?: Record<string, string>;
}

/** POSTs /invocations the way the runtime client does (the user only in the header). */
export function invoke(url: string, options: InvokeOptions): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...options.headers,
  };
  if (options.userId) headers[RUNTIME_HEADERS.userId] = options.userId;
  if (options.sessionId) headers[RUNTIME_HEADERS.sessionId] = options.sessionId;
  const body = options.body ?? {
    prompt: options.prompt ?? '',
    ...(options.command ? { command: options.command } : {}),
    conversation: options.conversation ?? CONVERSATION,
  };
  return fetch(`${url}/invocations`, { method: 'POST', headers, body: JSON.stringify(body) });
}
