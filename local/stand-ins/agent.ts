/**
 * The agent's runtime endpoint for Slack tests: a loopback HTTP server at AGENT_RUNTIME_URL that
 * answers each POST with the scripted AgentEvents as SSE (encodeAgentEvent), as the agent does.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AgentEvent, type AgentRequest, encodeAgentEvent } from '#contracts/agent-events.ts';
import { listenOnLoopback, readBody } from './http.ts';

export type AgentScript = (request: AgentRequest) => AsyncIterable<AgentEvent>;

export interface AgentStandIn {
  readonly url: string;
  readonly requests: { body: AgentRequest; headers: IncomingHttpHeaders }[];
  /** Replaces the script for the next requests. */
  script(script: AgentScript): void;
  stop(): Promise<void>;
}

export async function startAgentStandIn(initial: AgentScript): Promise<AgentStandIn> {
  let script = initial;
  const requests: AgentStandIn['requests'] = [];
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await readBody(request)).toString('utf8')) as AgentRequest;
    requests.push({ body, headers: request.headers });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.flushHeaders();
    for await (const event of script(body)) response.write(encodeAgentEvent(event));
    response.end();
  });
  const { port, stop } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/invocations`,
    requests,
    script(next) {
      script = next;
    },
    stop,
  };
}

export const PROD = { id: '111111111111', name: 'payments-prod', environment: 'prod' } as const;

/** A typical answer: a status, some prose, one result per region, the final event. */
export async function* s3Answer(): AsyncGenerator<AgentEvent> {
  yield { type: 'status', message: 'querying 1 prod account…' };
  yield { type: 'text', delta: 'S3 buckets in prod:' };
  for (const region of ['us-east-1', 'us-west-2']) {
    yield {
      type: 'result',
      account: PROD,
      region,
      operation: 's3api list-buckets',
      summary: '2 buckets',
      lines: [`payments-logs-${region}`, `payments-assets-${region}`],
    };
  }
  yield {
    type: 'final',
    summary: '4 buckets',
    accounts: [PROD],
    regions: ['us-east-1', 'us-west-2'],
    elapsedMs: 840,
    sessionId: 's-1',
  };
}
