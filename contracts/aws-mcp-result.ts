/**
 * Reading what the AWS MCP Server answers: the MCP tool result's text, and inside run_script's or
 * call_aws's envelope the AWS API's own response. The bridge shapes that response for a fan-out,
 * the agent summarizes it: both read the envelope the same way. Untrusted data, read defensively.
 */

export type Json = Record<string, unknown>;

/** `value` as a JSON object, or undefined for anything else (arrays included). */
export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The text parts of an MCP tool result's `content`, joined. */
export function contentText(body: Json): string {
  const content = Array.isArray(body.content) ? body.content : [];
  return content
    .map((part) => record(part)?.text)
    .filter((text): text is string => typeof text === 'string')
    .join('');
}

/** Parsed JSON, or undefined when `text` is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Keys that mark an AWS MCP Server envelope (run_script's and call_aws's) around the API response. */
const ENVELOPE_MARKERS = [
  'status',
  'api_calls',
  'stdout',
  'stderr',
  'cli_command',
  'metadata',
  'status_code',
];
const ENVELOPE_PAYLOADS = ['return_value', 'response', 'json', 'output'];

/**
 * The AWS API response inside a tool result: unwraps MCP content text, run_script's `return_value`
 * (or printed stdout), call_aws's `response.json`, and JSON strings, down to the API's own object.
 */
export function awsPayload(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') {
    const parsed = tryJson(value.trim());
    return parsed === undefined ? value : awsPayload(parsed, depth + 1);
  }
  const body = record(value);
  if (!body) return value;
  if (Array.isArray(body.content)) return awsPayload(contentText(body), depth + 1);
  if (Object.keys(body).some((key) => ENVELOPE_MARKERS.includes(key))) {
    const key = ENVELOPE_PAYLOADS.find((k) => body[k] !== undefined && body[k] !== null);
    if (key) return awsPayload(body[key], depth + 1);
    if (typeof body.stdout === 'string' && body.stdout.trim()) return awsPayload(body.stdout, depth + 1);
  }
  return body;
}
