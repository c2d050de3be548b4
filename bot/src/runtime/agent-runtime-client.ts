/**
 * Calls the agent as the user: InvokeAgentRuntime (IAM-signed by the adapter's role) with
 * `runtimeUserId` = the user's Cognito sub, one session per chat thread and user, and yields the agent's SSE
 * events as they arrive, continuing the question's trace (InvokeAgentRuntime's `traceId` and
 * `traceParent`, which the runtime forwards to the agent). With AGENT_RUNTIME_URL set it POSTs to
 * that URL with the headers the runtime would add (local stack, tests).
 */
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { ConfigError, messageOf } from '#common/errors.ts';
import { type AgentEvent, type AgentRequest, parseAgentEvent } from '#contracts/agent-events.ts';
import { RUNTIME_HEADERS, runtimeSessionId } from '#contracts/runtime-request.ts';
import { type TraceContext, traceHeaders } from '#contracts/trace.ts';
import { AgentBadAnswerError, AgentRuntimeError, AgentUnreachableError } from '../core/errors.ts';
import type { AgentRuntimePort } from '../core/ports.ts';
import { runtimeConfig } from './config.ts';
import { sseData } from './sse.ts';

export interface AgentRuntimeClientOptions {
  /** @default new BedrockAgentCoreClient({}) (honours AWS_ENDPOINT_URL_BEDROCK_AGENTCORE) */
  readonly client?: BedrockAgentCoreClient;
  /** @default process.env.AGENT_RUNTIME_ARN */
  readonly agentRuntimeArn?: string;
  /** When set, POST here directly instead of InvokeAgentRuntime. @default process.env.AGENT_RUNTIME_URL */
  readonly agentRuntimeUrl?: string;
  /** @default process.env.AGENT_RUNTIME_QUALIFIER ?? 'DEFAULT' */
  readonly qualifier?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export class AgentRuntimeClient implements AgentRuntimePort {
  readonly #client: BedrockAgentCoreClient | undefined;
  readonly #agentRuntimeArn: string | undefined;
  readonly #agentRuntimeUrl: string | undefined;
  readonly #qualifier: string;
  readonly #fetch: typeof fetch;

  constructor(options: AgentRuntimeClientOptions = {}) {
    const config = runtimeConfig();
    this.#agentRuntimeUrl = options.agentRuntimeUrl ?? config.agentRuntimeUrl;
    this.#agentRuntimeArn = options.agentRuntimeArn ?? config.agentRuntimeArn;
    this.#qualifier = options.qualifier ?? config.qualifier;
    this.#fetch = options.fetch ?? globalThis.fetch;
    if (!this.#agentRuntimeUrl && !this.#agentRuntimeArn) {
      throw new ConfigError('Set AGENT_RUNTIME_ARN (or AGENT_RUNTIME_URL for a local runtime)');
    }
    this.#client = this.#agentRuntimeUrl ? undefined : (options.client ?? new BedrockAgentCoreClient({}));
  }

  async *invoke(
    request: AgentRequest,
    runtimeUserId: string,
    signal?: AbortSignal,
    trace?: TraceContext,
  ): AsyncGenerator<AgentEvent> {
    if (!runtimeUserId) throw new AgentRuntimeError('runtimeUserId (the Cognito sub) is required');
    const sessionId = runtimeSessionId(request.conversation, runtimeUserId);
    const body = JSON.stringify(request);
    const headers = trace ? traceHeaders(trace) : undefined;
    const stream = this.#agentRuntimeUrl
      ? await this.#post(this.#agentRuntimeUrl, body, runtimeUserId, sessionId, signal, headers)
      : await this.#invokeRuntime(body, runtimeUserId, sessionId, signal, headers);
    for await (const data of sseData(stream)) {
      try {
        yield parseAgentEvent(data);
      } catch (error) {
        throw new AgentBadAnswerError('The agent sent an event that is not an AgentEvent', {
          cause: error,
        });
      }
    }
  }

  async #invokeRuntime(
    body: string,
    runtimeUserId: string,
    sessionId: string,
    signal: AbortSignal | undefined,
    trace: Record<string, string> | undefined,
  ): Promise<AsyncIterable<Uint8Array>> {
    const client = this.#client as BedrockAgentCoreClient;
    try {
      const output = await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: this.#agentRuntimeArn,
          qualifier: this.#qualifier,
          runtimeUserId,
          runtimeSessionId: sessionId,
          ...(trace ? { traceId: trace['x-amzn-trace-id'], traceParent: trace.traceparent } : {}),
          contentType: 'application/json',
          accept: 'text/event-stream',
          payload: new TextEncoder().encode(body),
        }),
        { abortSignal: signal },
      );
      if (!output.response) throw new AgentUnreachableError('InvokeAgentRuntime returned no response body');
      return output.response as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (error instanceof AgentRuntimeError) throw error;
      throw new AgentUnreachableError(`InvokeAgentRuntime failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async #post(
    url: string,
    body: string,
    runtimeUserId: string,
    sessionId: string,
    signal: AbortSignal | undefined,
    trace: Record<string, string> | undefined,
  ): Promise<AsyncIterable<Uint8Array>> {
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          [RUNTIME_HEADERS.userId]: runtimeUserId,
          [RUNTIME_HEADERS.sessionId]: sessionId,
          ...trace,
        },
        body,
        signal,
      });
    } catch (error) {
      throw new AgentUnreachableError(`POST ${url} failed: ${messageOf(error)}`, { cause: error });
    }
    if (!response.ok || !response.body) {
      throw new AgentUnreachableError(`The runtime answered HTTP ${response.status}`);
    }
    return response.body;
  }
}
