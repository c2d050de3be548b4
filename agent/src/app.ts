/**
 * The AgentCore Runtime server, built from injected clients: BedrockAgentCoreApp serves POST
 * /invocations (SSE from the turn's async generator) and GET /ping (HealthyBusy while a turn runs).
 */
import type { AddressInfo } from 'node:net';
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';
import { type AgentEvent, agentRequestSchema } from '#contracts/agent-events.ts';
import { MODEL_DEFAULTS } from './config.ts';
import { InProcessMemory } from './memory/in-process-memory.ts';
import { InvocationEnvelope, parseInvocation } from './runtime-request.ts';
import { runTurn, type TurnDeps } from './turn.ts';

interface AgentAppDeps extends Omit<TurnDeps, 'memory' | 'modelId' | 'modelMaxSteps' | 'modelMaxMs'> {
  /** @default an InProcessMemory with its defaults (AgentCore Memory when deployed: main.ts) */
  readonly memory?: TurnDeps['memory'];
  /** @default MODEL_DEFAULTS.modelId */
  readonly modelId?: string;
  /** @default MODEL_DEFAULTS.modelMaxSteps */
  readonly modelMaxSteps?: number;
  /** @default MODEL_DEFAULTS.modelMaxMs */
  readonly modelMaxMs?: number;
  /** Fastify request logging. @default false */
  readonly logging?: boolean;
}

export interface AgentServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (POST `${url}/invocations`, GET `${url}/ping`). */
  readonly url: string;
  close(): Promise<void>;
}

interface AgentApp {
  readonly app: BedrockAgentCoreApp;
  /** Starts listening. @default port 8080, host '0.0.0.0' */
  listen(options?: { port?: number; host?: string }): Promise<AgentServer>;
}

/** The Fastify instance BedrockAgentCoreApp keeps private: needed only to learn the bound port and to close. */
interface FastifyLike {
  readonly server: { listening: boolean; address(): AddressInfo | string | null };
  close(): Promise<void>;
}

export function createAgentApp(deps: AgentAppDeps): AgentApp {
  const turnDeps: TurnDeps = {
    ...deps,
    memory: deps.memory ?? new InProcessMemory(),
    modelId: deps.modelId ?? MODEL_DEFAULTS.modelId,
    modelMaxSteps: deps.modelMaxSteps ?? MODEL_DEFAULTS.modelMaxSteps,
    modelMaxMs: deps.modelMaxMs ?? MODEL_DEFAULTS.modelMaxMs,
  };
  const app: BedrockAgentCoreApp = new BedrockAgentCoreApp({
    invocationHandler: {
      process: (envelope: unknown, context) => invocation(envelope, context.sessionId),
    },
    config: {
      logging: { enabled: deps.logging ?? false },
      contentTypeParsers: [{ contentType: 'application/json', parser: parseInvocation, parseAs: 'string' }],
    },
  });

  async function* invocation(envelope: unknown, sessionId: string): AsyncGenerator<AgentEvent> {
    const task = app.addAsyncTask('turn');
    try {
      const parsed = agentRequestSchema.safeParse(
        envelope instanceof InvocationEnvelope ? envelope.body : undefined,
      );
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        yield {
          type: 'error',
          code: 'bad_request',
          message: `Bad request: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'not JSON'}`,
        };
        yield { type: 'final', summary: 'Bad request.', accounts: [], regions: [], elapsedMs: 0, sessionId };
        return;
      }
      const userId = envelope instanceof InvocationEnvelope ? envelope.runtimeUserId : undefined;
      yield* runTurn(turnDeps, parsed.data, { userId, sessionId });
    } finally {
      app.completeAsyncTask(task);
    }
  }

  return {
    app,
    async listen(options = {}) {
      const host = options.host ?? '0.0.0.0';
      app.run({ port: options.port ?? 8080, host });
      const fastify = (app as unknown as { _app: FastifyLike })._app;
      const deadline = Date.now() + 10_000;
      while (!fastify.server.listening) {
        if (Date.now() > deadline) throw new Error('The agent server did not start listening within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const address = fastify.server.address() as AddressInfo;
      const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
      return { url: `http://${shown}:${address.port}`, close: () => fastify.close() };
    },
  };
}
