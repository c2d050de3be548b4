/** An MCP tool result made safe to hand on: text joined, secrets redacted, size capped. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactText, redactValue } from '#common/redact.ts';

export interface ShapedResult {
  readonly isError: boolean;
  /** The tool's text output, redacted and capped. */
  readonly content: string;
  /** The tool's structuredContent, redacted; dropped when the cap is hit. */
  readonly structured?: unknown;
  /** UTF-8 bytes cut off by the cap, when any. */
  readonly truncatedBytes?: number;
}

/** A tool result redacted once, ready to be capped to whatever share an answer gets. */
export interface RedactedResult {
  readonly isError: boolean;
  readonly text: string;
  readonly structured?: unknown;
  /** UTF-8 bytes of `structured` as JSON. */
  readonly structuredBytes: number;
}

export function redactResult(result: CallToolResult): RedactedResult {
  const text = redactText(
    (result.content ?? [])
      .map((part) => (part.type === 'text' ? part.text : `[${part.type} content omitted]`))
      .join('\n'),
  );
  const structured =
    result.structuredContent === undefined ? undefined : redactValue(result.structuredContent);
  return {
    isError: result.isError === true,
    text,
    ...(structured === undefined ? {} : { structured }),
    structuredBytes: structured === undefined ? 0 : Buffer.byteLength(JSON.stringify(structured)),
  };
}

/** A redacted result within `maxBytes`. */
export function capResult(redacted: RedactedResult, maxBytes: number): ShapedResult {
  const { isError, text, structured, structuredBytes } = redacted;
  const textBytes = Buffer.byteLength(text);
  if (textBytes + structuredBytes <= maxBytes) {
    return { isError, content: text, ...(structured === undefined ? {} : { structured }) };
  }
  // Over the cap: structuredContent usually repeats the text, so it goes first.
  if (textBytes <= maxBytes) {
    return {
      isError,
      content: `${text}\n… truncated: ${structuredBytes} bytes omitted`,
      truncatedBytes: structuredBytes,
    };
  }
  const kept = truncateUtf8(text, maxBytes);
  const omitted = textBytes - Buffer.byteLength(kept) + structuredBytes;
  return { isError, content: `${kept}\n… truncated: ${omitted} bytes omitted`, truncatedBytes: omitted };
}

export function shapeResult(result: CallToolResult, maxBytes: number): ShapedResult {
  return capResult(redactResult(result), maxBytes);
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
