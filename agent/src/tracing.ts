/**
 * The question's trace inside the agent. AgentCore Runtime forwards the caller's trace headers
 * (InvokeAgentRuntime's `traceId` / `traceParent` arrive as `X-Amzn-Trace-Id` / `traceparent`); the
 * turn is an OpenTelemetry span continuing that trace, each Gateway call a child span whose
 * headers carry the trace on, so the Gateway and the bridge Lambda it invokes join the same trace.
 * Spans go through `@opentelemetry/api`: recorded and exported when an OpenTelemetry SDK is
 * registered (ADOT on AgentCore Runtime), no-ops otherwise (local runs, tests), while the trace id
 * itself, for log lines and the audit record, always comes from the headers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { httpFetch } from '#common/http-fetch.ts';
import { childOf, type TraceContext, traceHeaders } from '#contracts/trace.ts';

const tracer = trace.getTracer('centralops-agent');
/** The trace of the Gateway call in flight, for tracingFetch (a turn's calls run concurrently). */
const current = new AsyncLocalStorage<{ readonly trace: TraceContext; readonly context: Context }>();

/** An OpenTelemetry span, and the trace context its own calls carry. */
export class TraceSpan {
  readonly #span: Span;
  readonly #context: Context;
  /** This span's context: the caller's trace, this span as the parent of what it calls. */
  readonly trace: TraceContext;

  private constructor(span: Span, parentContext: Context, parent: TraceContext) {
    this.#span = span;
    this.#context = trace.setSpan(parentContext, span);
    const spanId = span.spanContext().spanId;
    // With no SDK registered the span is the caller's own context: its span stays the parent.
    this.trace = spanId && spanId !== parent.parentId ? childOf(parent, spanId) : parent;
  }

  /** A span continuing `parent` (a remote caller's context). */
  static start(name: string, parent: TraceContext): TraceSpan {
    const parentContext = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: parent.traceId.slice(2).replace('-', ''),
      spanId: parent.parentId,
      traceFlags: parent.sampled ? 1 : 0,
      isRemote: true,
    });
    return new TraceSpan(tracer.startSpan(name, {}, parentContext), parentContext, parent);
  }

  /** Runs `work` in a child span; requests it makes through tracingFetch carry the child's context. */
  async child<T>(name: string, work: () => Promise<T>): Promise<T> {
    const span = new TraceSpan(tracer.startSpan(name, {}, this.#context), this.#context, this.trace);
    try {
      return await current.run({ trace: span.trace, context: span.#context }, () =>
        context.with(span.#context, work),
      );
    } catch (error) {
      span.end(error);
      throw error;
    } finally {
      span.end();
    }
  }

  setAttributes(attributes: Readonly<Record<string, string | number>>): void {
    this.#span.setAttributes(attributes);
  }

  /** Ends the span (once); an error marks it failed. */
  end(error?: unknown): void {
    if (!this.#span.isRecording()) return;
    if (error !== undefined) {
      this.#span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    this.#span.end();
  }
}

/**
 * A `fetch` adding the trace of the call in flight (`X-Amzn-Trace-Id`, `traceparent`, and whatever
 * a registered propagator adds, such as baggage) to every request.
 */
export function tracingFetch(base: typeof fetch = httpFetch): typeof fetch {
  return (input, init) => {
    const here = current.getStore();
    if (!here) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [name, value] of Object.entries(traceHeaders(here.trace))) headers.set(name, value);
    propagation.inject(here.context, headers, { set: (carrier, key, value) => carrier.set(key, value) });
    return base(input, { ...init, headers });
  };
}
