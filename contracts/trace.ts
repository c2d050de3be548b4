/**
 * The trace context one question carries across the bot, the agent, the Gateway and the bridge, in
 * the two header forms AWS services accept: X-Ray's `X-Amzn-Trace-Id`
 * (`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`) and W3C's
 * `traceparent` (`00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01`). Both carry the same
 * 128-bit trace id; the audit record and every log line name it in X-Ray form, which is what the
 * Powertools Logger prints (`xray_trace_id`) and the X-Ray console searches.
 */
import { randomBytes } from 'node:crypto';

export const TRACE_HEADERS = {
  xray: 'x-amzn-trace-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export interface TraceContext {
  /** X-Ray form: `1-<8 hex epoch seconds>-<24 hex>`. */
  readonly traceId: string;
  /** The caller's span: 16 hex. */
  readonly parentId: string;
  readonly sampled: boolean;
}

const XRAY_ROOT = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = /^0+$/;

/** An `X-Amzn-Trace-Id` value, or undefined when it is not one (never trusted further than its shape). */
export function parseXrayHeader(value: string | undefined): TraceContext | undefined {
  if (!value) return undefined;
  const fields = new Map(
    value.split(';').map((field) => {
      const [key = '', ...rest] = field.trim().split('=');
      return [key, rest.join('=')] as const;
    }),
  );
  const root = fields.get('Root')?.toLowerCase() ?? '';
  if (!XRAY_ROOT.test(root)) return undefined;
  const parent = fields.get('Parent')?.toLowerCase() ?? '';
  return {
    traceId: root,
    parentId: SPAN_ID.test(parent) ? parent : newSpanId(),
    sampled: fields.get('Sampled') === '1',
  };
}

/** A W3C `traceparent` value (version 00), or undefined when it is not one. */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const match = TRACEPARENT.exec(value?.trim().toLowerCase() ?? '');
  if (!match || ZERO_TRACE.test(match[1]!) || ZERO_TRACE.test(match[2]!)) return undefined;
  const hex = match[1]!;
  return {
    traceId: `1-${hex.slice(0, 8)}-${hex.slice(8)}`,
    parentId: match[2]!,
    sampled: (Number.parseInt(match[3]!, 16) & 1) === 1,
  };
}

/** The context in request headers (lower-case names): W3C first, as AWS SDKs send both. */
export function traceFromHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): TraceContext | undefined {
  return parseTraceparent(headers[TRACE_HEADERS.traceparent]) ?? parseXrayHeader(headers[TRACE_HEADERS.xray]);
}

/** A new root context, for a question that arrived without one (local runs, tests). */
export function newTrace(nowMs: number = Date.now()): TraceContext {
  const epoch = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return { traceId: `1-${epoch}-${randomBytes(12).toString('hex')}`, parentId: newSpanId(), sampled: true };
}

/** The same trace, continued from a new span of this part. */
export function childOf(parent: TraceContext, spanId: string = newSpanId()): TraceContext {
  return { ...parent, parentId: spanId };
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** Both headers for a call made inside `context`. */
export function traceHeaders(context: TraceContext): Record<string, string> {
  const hex = context.traceId.slice(2).replace('-', '');
  return {
    [TRACE_HEADERS.xray]: `Root=${context.traceId};Parent=${context.parentId};Sampled=${context.sampled ? 1 : 0}`,
    [TRACE_HEADERS.traceparent]: `00-${hex}-${context.parentId}-${context.sampled ? '01' : '00'}`,
  };
}
