/**
 * Runs an aws___run_script script in CentralOps' call template (bridge/src/render-script.ts): the
 * calls travel in one JSON document, a Python string literal decoded with json.loads, and the
 * template sends each to call_boto3, follows next-page tokens and merges the pages. There is no
 * Python interpreter here, so this stand-in reads only that template's shape and does what its
 * fixed code does; any other script is answered as a script error, as a sandbox refusing it would.
 * (test/bridge/render-script.test.ts runs the same scripts under a real python3.)
 */

import { messageOf } from '#common/errors.ts';
import { ScriptError } from './errors.ts';

/** One call of the template's document. */
export interface TemplateCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly params: Record<string, unknown>;
  readonly pages: number;
  /** `[input token, output token]`, or null. */
  readonly paging: readonly [string, string] | null;
}

/** The template's opening, up to its JSON literal. */
const TEMPLATE = /^import inspect\nimport json\n\nCALLS = json\.loads\(("(?:[^"\\\n]|\\.)*")\)\n/;

/** The calls of a script in the template, or a ScriptError for anything else. */
export function parseScript(code: string): TemplateCall[] {
  const literal = TEMPLATE.exec(code)?.[1];
  if (literal === undefined) {
    throw new ScriptError(
      'NotImplementedError',
      "The CentralOps sandbox runs only scripts in CentralOps' call template (CALLS = json.loads(...)).",
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(pythonString(literal));
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    throw new ScriptError('JSONDecodeError', messageOf(error));
  }
  if (!Array.isArray(document)) throw new ScriptError('TypeError', "'CALLS' must be a list");
  return document.map(toCall);
}

/**
 * Runs the template's code over `send` (one call_boto3): pages followed while the response carries
 * the output token, list values appended, and the return value one response or the list of them.
 */
export function runTemplate(
  calls: readonly TemplateCall[],
  send: (call: TemplateCall, params: Record<string, unknown>) => unknown,
): unknown {
  const results = calls.map((call) => {
    let params = call.params;
    const result = { ...(send(call, params) as Record<string, unknown>) };
    let pages = 1;
    while (call.paging && pages < call.pages && result[call.paging[1]]) {
      params = { ...params, [call.paging[0]]: result[call.paging[1]] };
      const page = send(call, params) as Record<string, unknown>;
      pages += 1;
      delete result[call.paging[1]];
      for (const [key, value] of Object.entries(page)) {
        const earlier = result[key];
        result[key] = Array.isArray(value) && Array.isArray(earlier) ? [...earlier, ...value] : value;
      }
    }
    return result;
  });
  return results.length === 1 ? results[0] : results;
}

function toCall(value: unknown): TemplateCall {
  const call = value as Partial<TemplateCall> | null;
  if (
    typeof call?.service !== 'string' ||
    typeof call.operation !== 'string' ||
    typeof call.region !== 'string' ||
    typeof call.params !== 'object' ||
    call.params === null ||
    typeof call.pages !== 'number'
  ) {
    throw new ScriptError('KeyError', 'a call needs service, operation, region, params and pages');
  }
  return {
    service: call.service,
    operation: call.operation,
    region: call.region,
    params: call.params,
    pages: call.pages,
    paging: Array.isArray(call.paging) ? (call.paging as [string, string]) : null,
  };
}

/** A double-quoted Python string literal's value: the escapes Python reads in a plain `"…"` string. */
function pythonString(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/gs, (_match, sequence: string) => {
    if (sequence.length > 1) return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    const simple: Record<string, string> = {
      '\\': '\\',
      '"': '"',
      "'": "'",
      n: '\n',
      t: '\t',
      r: '\r',
      '0': '\0',
    };
    const decoded = simple[sequence];
    if (decoded === undefined)
      throw new ScriptError('SyntaxError', `invalid escape sequence '\\${sequence}'`);
    return decoded;
  });
}

/** Parses a time parameter as boto3 accepts it: ISO 8601 string or epoch seconds. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value.length > 0) {
    const ms = Date.parse(/^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000).toISOString() : value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
