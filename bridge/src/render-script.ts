/**
 * Writes the `aws___run_script` code for a list of calls from one fixed template. Callers' text
 * (service, operation, params, region) travels only inside one JSON document, written into the
 * script as a Python string literal of printable ASCII whose only escapes are `\\` and `\"`: no
 * caller character can end the literal, so none is ever Python source. The script decodes it with
 * `json.loads` and passes each call to `call_boto3`.
 */
import type { AwsCall } from './input.ts';
import { pageTokens } from './paginators.ts';

/** One call as the script receives it. */
interface ScriptCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly pages: number;
  /** `[input token, output token]`, or null when only one page is read. */
  readonly paging: readonly [string, string] | null;
}

/** The script before the literal (a constant: nothing in it comes from a caller). */
export const SCRIPT_HEAD = 'import inspect\nimport json\n\nCALLS = json.loads(';

/**
 * The script after the literal. call_boto3 is awaited when it returns an awaitable (the managed
 * server's is async); pages are merged by appending list values; the last expression is the
 * script's return value: one call's response, or the list of them.
 */
export const SCRIPT_TAIL = `)


async def send(call, params):
    answer = call_boto3(
        service_name=call["service"],
        operation_name=call["operation"],
        region_name=call["region"],
        params=params,
    )
    return await answer if inspect.isawaitable(answer) else answer


async def read(call):
    params = call["params"]
    result = await send(call, params)
    pages = 1
    while call["paging"] and pages < call["pages"] and result.get(call["paging"][1]):
        params = dict(params, **{call["paging"][0]: result[call["paging"][1]]})
        page = await send(call, params)
        pages += 1
        result.pop(call["paging"][1], None)
        for key, value in page.items():
            if isinstance(value, list) and isinstance(result.get(key), list):
                result[key] = result[key] + value
            else:
                result[key] = value
    return result


results = []
for call in CALLS:
    results.append(await read(call))
results[0] if len(results) == 1 else results
`;

/** The script for `calls`, each in its own region or else in `region`. */
export function renderScript(calls: readonly AwsCall[], region: string): string {
  const document: ScriptCall[] = calls.map((call) => {
    const tokens = call.pages > 1 ? pageTokens(call.service, call.operation) : undefined;
    return {
      service: call.service,
      operation: call.operation,
      region: call.region ?? region,
      params: call.params,
      pages: tokens ? call.pages : 1,
      paging: tokens ? [tokens.input, tokens.output] : null,
    };
  });
  return `${SCRIPT_HEAD}${pythonStringLiteral(asciiJson(document))}${SCRIPT_TAIL}`;
}

/** JSON with every character outside printable ASCII as a \uXXXX escape (json.loads reads them back). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A double-quoted Python string literal of printable-ASCII `text`: JSON's string escaping of such
 * text escapes only `\` and `"`, and Python reads `\\` and `\"` the same way.
 */
function pythonStringLiteral(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('the script literal must be printable ASCII');
  return JSON.stringify(text);
}
