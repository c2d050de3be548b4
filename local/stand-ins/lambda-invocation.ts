/**
 * Runs a handler the way the Lambda runtime runs an invocation: inside the runtime's invocation
 * store (`@aws/lambda-invoke-store`, the one the Lambda Node.js runtime fills), holding its request
 * id and its X-Ray trace header. Powertools (`xray_trace_id` on every log line) and the AWS SDK
 * (trace headers on every call) read the trace from there, so local handlers log and propagate the
 * trace as deployed ones do, and concurrent local invocations never share one.
 */
import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { newTrace, type TraceContext, traceHeaders } from '#contracts/trace.ts';

/**
 * The store, created before anything asks for the default one: the multi-invocation (async-local)
 * one, since the local stack runs many invocations at once in one process (as Lambda's multi-
 * concurrency mode does); with LOCAL_LAMBDA_INVOCATIONS=sequential, the single-invocation one a
 * standard Lambda environment uses (one invocation at a time), for a bench that measures a
 * deployed path and must not pay for async-local storage Lambda does not use there.
 */
const store = InvokeStore.getInstanceAsync(process.env.LOCAL_LAMBDA_INVOCATIONS !== 'sequential');

/**
 * Runs `handler` as one Lambda invocation in `trace` (the caller's, as Lambda continues an
 * invoke's trace header; a new one when the caller sent none), with active tracing on.
 */
export async function asLambdaInvocation<T>(
  trace: TraceContext | undefined,
  handler: () => Promise<T>,
): Promise<T> {
  const invocations = await store;
  const header = traceHeaders(trace ?? newTrace());
  return invocations.run(
    {
      [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: randomUUID(),
      [InvokeStoreBase.PROTECTED_KEYS.X_RAY_TRACE_ID]: header['x-amzn-trace-id'],
      // Lambda has a W3C parent only when the caller sent one (Slack and Teams send none).
      ...(trace ? { [InvokeStoreBase.PROTECTED_KEYS.TRACEPARENT]: header.traceparent } : {}),
    },
    handler,
  );
}
