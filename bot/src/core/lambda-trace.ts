/**
 * The X-Ray trace of the Lambda invocation the bot runs in (active tracing): where the Lambda
 * runtime keeps it, its invocation store (`@aws/lambda-invoke-store`, read through the global the
 * runtime sets), else `_X_AMZN_TRACE_ID`; the same two places Powertools and the AWS SDK read.
 */
import { parseXrayHeader, type TraceContext } from '#contracts/trace.ts';

interface InvocationStore {
  getXRayTraceId(): string | undefined;
}

export function invocationTrace(env: NodeJS.ProcessEnv = process.env): TraceContext | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: InvocationStore } }).awslambda?.InvokeStore;
  return parseXrayHeader(store?.getXRayTraceId() ?? env._X_AMZN_TRACE_ID);
}
