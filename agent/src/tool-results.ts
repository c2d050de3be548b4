/**
 * Reading what the bridge returns. Everything here is untrusted data from member accounts: it is
 * parsed defensively and only ever summarized or quoted, never followed.
 */
import { contentText, type Json, record, tryJson } from '#contracts/aws-mcp-result.ts';

/** A query_accounts entry asked with `shape`: the items kept, and all of them counted. */
interface ShapedEntry {
  readonly response: unknown;
  readonly total: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly omitted: number;
}

/** One account+region entry of a query_accounts (or query) answer. */
interface BridgeEntry {
  readonly accountId: string;
  readonly region: string | undefined;
  readonly result?: unknown;
  /** Present, in place of `result`, when the query asked for a shape. */
  readonly shaped?: ShapedEntry;
  readonly error?: { readonly code: string; readonly message: string };
  readonly truncated?: { readonly omittedBytes: number };
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/** A shaped entry read defensively: counts that are not whole numbers are left out. */
function shapedOf(value: unknown): ShapedEntry | undefined {
  const shaped = record(value);
  const total = count(shaped?.total);
  if (!shaped || total === undefined) return undefined;
  const counts = Object.entries(record(shaped.counts) ?? {}).flatMap(([key, n]) =>
    count(n) === undefined ? [] : [[key, n as number] as const],
  );
  return {
    response: shaped.response,
    total,
    ...(counts.length > 0 ? { counts: Object.fromEntries(counts) } : {}),
    omitted: count(shaped.omitted) ?? 0,
  };
}

/** A bridge `{ error: { code, message } }` tool error, when that is what came back. */
export function bridgeError(value: unknown): { code: string; message: string } | undefined {
  const error = record(record(value)?.error);
  if (!error) return undefined;
  return { code: String(error.code ?? 'internal'), message: readable(String(error.message ?? 'tool error')) };
}

/** A tool's error text is often the MCP server's JSON envelope: keep its inner message, short. */
function readable(message: string): string {
  const body = record(tryJson(message.trim()));
  // run_script: { error: { message } }; call_aws: { response: { error: "…" } }.
  const inner = record(body?.error)?.message ?? record(body?.response)?.error ?? body?.error;
  const text = typeof inner === 'string' ? inner : message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function truncation(entry: Json): { omittedBytes: number } | undefined {
  return typeof entry.truncatedBytes === 'number' && entry.truncatedBytes > 0
    ? { omittedBytes: entry.truncatedBytes }
    : undefined;
}

function toEntry(value: unknown): BridgeEntry | undefined {
  const entry = record(value);
  if (!entry) return undefined;
  const accountId = String(entry.account_id ?? entry.accountId ?? '');
  if (!accountId) return undefined;
  const region = typeof entry.region === 'string' ? entry.region : undefined;
  const error = bridgeError(entry) ?? innerToolError(entry.result);
  const truncated = truncation(entry);
  const shaped = shapedOf(entry.shaped);
  return {
    accountId,
    region,
    // The bridge's answer carries the tool's text as `content` and its structuredContent as `structured`.
    ...(error
      ? { error }
      : shaped
        ? { shaped }
        : { result: entry.structured ?? entry.content ?? entry.result }),
    ...(truncated ? { truncated } : {}),
  };
}

/** The per-account entries of a query_accounts answer (or of a single query, as one entry). */
export function bridgeEntries(value: unknown): BridgeEntry[] {
  const body = record(value);
  if (!body) return [];
  const list = [body.results, body.entries, body.accounts].find(Array.isArray);
  if (list)
    return list.map((item) => toEntry(item)).filter((entry): entry is BridgeEntry => entry !== undefined);
  const single = toEntry(body);
  return single ? [single] : [];
}

/** An MCP CallToolResult with isError from the AWS MCP Server (AccessDenied, bad params, …). */
function innerToolError(result: unknown): { code: string; message: string } | undefined {
  const body = record(result);
  if (body?.isError !== true) return undefined;
  return {
    code: 'unavailable',
    message: contentText(body).slice(0, 300) || 'the AWS MCP Server reported an error',
  };
}
