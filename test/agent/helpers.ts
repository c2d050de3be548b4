/** Shared pieces of the agent suites: an SSE reader, sample accounts, recording fakes for unit-level runs. */

import type { GatewayTool, ToolGateway } from '#agent/src/gateway.ts';
import { RUNTIME_HEADERS } from '#agent/src/runtime-request.ts';
import { type AgentEvent, parseAgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';

export function account(
  id: string,
  name: string,
  environment: string,
  regions = ['us-east-1'],
  aliases: string[] = [],
): Account {
  return { id, name, aliases, environment, regions, enabled: true, tags: {} };
}

/** The sample org of registry-seed/sample, as the registry returns it (environment, then name). */
export const SAMPLE_ACCOUNTS: Account[] = [
  account('333333333333', 'sandbox-dev', 'dev', ['us-east-1'], ['dev', 'development', 'sandbox']),
  account('111111111111', 'payments-prod', 'prod', ['us-east-1', 'us-west-2'], ['prod', 'production']),
  account('444444444444', 'security-audit', 'security', ['us-east-1'], ['security', 'audit']),
  account('555555555555', 'shared-services', 'shared', ['us-east-1'], ['shared', 'network']),
  account('222222222222', 'payments-staging', 'staging', ['us-east-1'], ['staging', 'stage']),
];

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
}

/** POSTs /invocations the way the runtime client does (the user only in the header). */
export function invoke(url: string, options: InvokeOptions): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.userId) headers[RUNTIME_HEADERS.userId] = options.userId;
  if (options.sessionId) headers[RUNTIME_HEADERS.sessionId] = options.sessionId;
  const body = options.body ?? {
    prompt: options.prompt ?? '',
    ...(options.command ? { command: options.command } : {}),
    conversation: options.conversation ?? CONVERSATION,
  };
  return fetch(`${url}/invocations`, { method: 'POST', headers, body: JSON.stringify(body) });
}

export interface ToolCallRecord {
  readonly tool: string;
  readonly args: Record<string, unknown>;
}

/** A ToolGateway answering from a function and recording every call. */
export function recordingGateway(
  answer: (tool: string, args: Record<string, unknown>) => unknown,
  tools: readonly GatewayTool[] = [],
): ToolGateway & { calls: ToolCallRecord[] } {
  const calls: ToolCallRecord[] = [];
  return {
    calls,
    listTools: async () => tools,
    callTool: async (tool, args) => {
      calls.push({ tool, args });
      return answer(tool, args);
    },
    close: async () => undefined,
  };
}
