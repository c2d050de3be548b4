/**
 * A small, conservative Python tokenizer for the run_script guard. Hand-written because no Python
 * parser runs in Node without a native or WASM dependency, and the guard needs only tokens: it
 * refuses whatever it does not understand (non-ASCII code, unterminated strings).
 */

export type PythonToken =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly prefix: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'op'; readonly text: string };

export class PythonTokenizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonTokenizeError';
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const STRING_PREFIX = /^(?:[rRbBuUfF]{1,2})$/;
const TWO_CHAR_OPS = new Set([
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  ':=',
  '->',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
]);

export function tokenizePython(code: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  let i = 0;
  while (i < code.length) {
    const char = code[i]!;
    if (char === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (char === '\\' && (code[i + 1] === '\n' || code[i + 1] === '\r')) {
      i += 2;
      continue;
    }
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    // Python folds identifiers with NFKC (a full-width `ｅｘｅｃ` is `exec`): refuse non-ASCII code.
    if (char.charCodeAt(0) > 0x7e) throw new PythonTokenizeError('non-ASCII characters outside strings');
    if (NAME_START.test(char)) {
      let end = i + 1;
      while (end < code.length && NAME_PART.test(code[end]!)) end++;
      const word = code.slice(i, end);
      const quote = code[end];
      if ((quote === '"' || quote === "'") && STRING_PREFIX.test(word)) {
        const token = readString(code, end, word);
        tokens.push(token.token);
        i = token.end;
        continue;
      }
      tokens.push({ kind: 'name', text: word });
      i = end;
      continue;
    }
    if (char === '"' || char === "'") {
      const token = readString(code, i, '');
      tokens.push(token.token);
      i = token.end;
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(code[i + 1] ?? ''))) {
      let end = i + 1;
      while (end < code.length && /[0-9A-Za-z_.]/.test(code[end]!)) end++;
      tokens.push({ kind: 'number', text: code.slice(i, end) });
      i = end;
      continue;
    }
    const pair = code.slice(i, i + 2);
    const op = TWO_CHAR_OPS.has(pair) ? pair : char;
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

function readString(code: string, start: number, prefix: string): { token: PythonToken; end: number } {
  const quoteChar = code[start]!;
  const triple = code.slice(start, start + 3) === quoteChar.repeat(3);
  const delimiter = triple ? quoteChar.repeat(3) : quoteChar;
  const raw = /r/i.test(prefix);
  let i = start + delimiter.length;
  let value = '';
  while (i < code.length) {
    if (code.startsWith(delimiter, i)) {
      const end = i + delimiter.length;
      return {
        token: {
          kind: 'string',
          text: code.slice(start - prefix.length, end),
          value,
          prefix: prefix.toLowerCase(),
        },
        end,
      };
    }
    const char = code[i]!;
    if (!triple && char === '\n') break;
    if (char === '\\' && i + 1 < code.length) {
      value += raw ? code.slice(i, i + 2) : code[i + 1];
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
  throw new PythonTokenizeError('unterminated string');
}

/**
 * The `{...}` replacement fields of an f-string body, as code: they are expressions the guard must
 * check like any other code (`f"{exec('...')}"`).
 */
export function fStringExpressions(body: string): string[] {
  const expressions: string[] = [];
  let i = 0;
  while (i < body.length) {
    if (body.startsWith('{{', i) || body.startsWith('}}', i)) {
      i += 2;
      continue;
    }
    if (body[i] !== '{') {
      i++;
      continue;
    }
    let depth = 1;
    let end = i + 1;
    while (end < body.length && depth > 0) {
      if (body[end] === '{') depth++;
      if (body[end] === '}') depth--;
      end++;
    }
    if (depth !== 0) throw new PythonTokenizeError('unbalanced f-string braces');
    expressions.push(body.slice(i + 1, end - 1));
    i = end;
  }
  return expressions;
}
