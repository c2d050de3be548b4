/**
 * The AgentCore Runtime server, built from injected clients: BedrockAgentCoreApp serves POST
 * /invocations (SSE from the turn's async generator) and GET /ping (HealthyBusy while a turn runs).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setImmediate } from 'node:timers/promises';
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';
import type { AuditLog } from '#access/audit-log.ts';
import type { MetricsEmitter } from '#common/metrics.ts';
import { type AgentEvent, type AgentRequest, agentRequestSchema } from '#contracts/agent-events.ts';
import { newTrace } from '#contracts/trace.ts';
import { QuestionTrail } from './audit/question-trail.ts';
import { emitTurnMetrics } from './audit/turn-metrics.ts';
import { MODEL_DEFAULTS } from './config.ts';
import { InProcessMemory } from './memory/in-process-memory.ts';
import { InvocationEnvelope, parseInvocation } from './runtime-request.ts';
import { TraceSpan } from './tracing.ts';
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
  /** Where each turn's audit record goes (a log line, the audit table). @default none */
  readonly audit?: AuditLog;
  /** Each turn's metrics (EMF), written with the turn. @default none */
  readonly metrics?: MetricsEmitter;
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

  /** One invocation: its turn, in a span continuing the caller's trace, audited and measured. */
  async function* invocation(envelope: unknown, sessionId: string): AsyncGenerator<AgentEvent> {
    const task = app.addAsyncTask('turn');
    const invoked = envelope instanceof InvocationEnvelope ? envelope : undefined;
    const parsed = agentRequestSchema.safeParse(invoked?.body);
    const request = parsed.success ? parsed.data : undefined;
    const now = deps.now ?? Date.now;
    const startedAt = now();
    const span = TraceSpan.start('centralops.turn', invoked?.trace ?? newTrace(startedAt));
    const trail = new QuestionTrail({
      questionId: request?.question?.id ?? randomBytes(16).toString('hex'),
      request,
      runtimeUserId: invoked?.runtimeUserId,
      trace: span.trace,
      receivedAt: receivedAt(request, startedAt),
      now,
    });
    let failure: unknown;
    try {
      for await (const event of turnEvents(parsed, trail, span, invoked?.runtimeUserId, sessionId)) {
        trail.observe(event);
        // The final event names the verb that answered, for the bot's metrics.
        yield event.type === 'final' ? { ...event, verb: trail.verb } : event;
        // A status reaches the socket before the work it announces (signing, parsing) takes the
        // event loop: every verb's status, once, here.
        if (event.type === 'status') await setImmediate();
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const record = trail.finish();
      span.setAttributes({
        'centralops.question_id': record.questionId,
        'centralops.verb': record.what.verb,
        'centralops.outcome': record.outcome,
      });
      span.end(failure);
      deps.audit?.record(record);
      if (deps.metrics) emitTurnMetrics(deps.metrics, record, trail.measures);
      app.completeAsyncTask(task);
    }
  }

  function turnEvents(
    parsed: ReturnType<typeof agentRequestSchema.safeParse>,
    trail: QuestionTrail,
    span: TraceSpan,
    userId: string | undefined,
    sessionId: string,
  ): AsyncGenerator<AgentEvent> {
    if (!parsed.success) return badRequest(parsed.error.issues[0], sessionId);
    const gateway = turnDeps.gateway && trail.watch(turnDeps.gateway, span);
    return runTurn({ ...turnDeps, gateway }, parsed.data, { userId, sessionId, trail });
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

async function* badRequest(
  issue: { path: PropertyKey[]; message: string } | undefined,
  sessionId: string,
): AsyncGenerator<AgentEvent> {
  yield {
    type: 'error',
    code: 'bad_request',
    message: `Bad request: ${issue ? `${issue.path.map(String).join('.')} ${issue.message}` : 'not JSON'}`,
  };
  yield { type: 'final', summary: 'Bad request.', accounts: [], regions: [], elapsedMs: 0, sessionId };
}

/** When the bot received the question, if it said so and it is not in the future; else now. */
function receivedAt(request: AgentRequest | undefined, startedAt: number): number {
  const said = Date.parse(request?.question?.receivedAt ?? '');
  return Number.isFinite(said) && said <= startedAt ? said : startedAt;
}
