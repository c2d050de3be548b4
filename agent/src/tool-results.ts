/**
 * Reading what the bridge returns. Everything here is untrusted data from member accounts: it is
 * parsed defensively and only ever summarized or quoted, never followed.
 */
import { contentText, type Json, record, tryJson } from '#contracts/aws-mcp-result.ts';

/** One account+region entry of a query_accounts (or query) answer. */
interface BridgeEntry {
  readonly accountId: string;
  readonly region: string | undefined;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
  readonly truncated?: { readonly omittedBytes: number };
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

function toEntry(
  value: unknown,
  fallbackAccountId?: string,
  fallbackRegion?: string,
): BridgeEntry | undefined {
  const entry = record(value);
  if (!entry) return undefined;
  const accountId = String(entry.account_id ?? entry.accountId ?? fallbackAccountId ?? '');
  if (!accountId) return undefined;
  const regionValue = entry.region ?? fallbackRegion;
  const region = typeof regionValue === 'string' ? regionValue : undefined;
  const error = bridgeError(entry) ?? innerToolError(entry.result);
  const truncated = truncation(entry);
  return {
    accountId,
    region,
    // The bridge's answer carries the tool's text as `content` and its structuredContent as `structured`.
    ...(error ? { error } : { result: entry.structured ?? entry.content ?? entry.result }),
    ...(truncated ? { truncated } : {}),
  };
}

/** The per-account entries of a query_accounts answer (or of a single query, as one entry). */
export function bridgeEntries(
  value: unknown,
  fallback?: { accountId: string; region?: string },
): BridgeEntry[] {
  const body = record(value);
  if (!body) return [];
  const list = [body.results, body.entries, body.accounts].find(Array.isArray);
  if (list)
    return list.map((item) => toEntry(item)).filter((entry): entry is BridgeEntry => entry !== undefined);
  const single = toEntry(body, fallback?.accountId, fallback?.region);
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
