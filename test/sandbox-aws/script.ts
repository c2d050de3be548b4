/**
 * Reads the `call_boto3(...)` calls out of an aws___run_script Python script. There is no Python
 * interpreter here: arguments must be literals (strings, numbers, True/False/None, dicts, lists,
 * tuples) or simple datetime arithmetic (`datetime.now(timezone.utc) - timedelta(hours=1)`);
 * anything else is answered as a script error, as a sandbox refusing the script would.
 */
import { ScriptError } from './errors.ts';

export interface Boto3Call {
  readonly serviceName: string;
  readonly operationName: string;
  readonly regionName?: string;
  readonly params: Record<string, unknown>;
}

const CALL = /\bcall_boto3\s*\(/g;

export function parseScript(code: string, now: number): Boto3Call[] {
  if (/^\s*(import|from)\s+boto3\b|\bboto3\.(client|resource|Session)\s*\(/m.test(code)) {
    throw new ScriptError(
      'ModuleNotFoundError',
      "No module named 'boto3': call AWS APIs with call_boto3(service_name=..., operation_name=..., params=...)",
    );
  }
  const calls: Boto3Call[] = [];
  for (const match of code.matchAll(CALL)) {
    const parser = new LiteralParser(code, match.index + match[0].length, now);
    calls.push(toCall(parser.callArguments()));
  }
  if (calls.length === 0) {
    throw new ScriptError('ValueError', 'The script makes no call_boto3(...) call; nothing to run.');
  }
  return calls;
}

function toCall(args: { positional: unknown[]; keywords: Record<string, unknown> }): Boto3Call {
  const [service = args.keywords.service_name, operation = args.keywords.operation_name] = args.positional;
  const region = args.keywords.region_name;
  const params = args.keywords.params ?? {};
  if (typeof service !== 'string' || typeof operation !== 'string') {
    throw new ScriptError(
      'TypeError',
      "call_boto3() missing required arguments: 'service_name' and 'operation_name'",
    );
  }
  if (region !== undefined && region !== null && typeof region !== 'string') {
    throw new ScriptError('TypeError', 'region_name must be a string');
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ScriptError('TypeError', 'params must be a dict');
  }
  return {
    serviceName: service,
    operationName: operation,
    ...(typeof region === 'string' ? { regionName: region } : {}),
    params: params as Record<string, unknown>,
  };
}

/** A point in time produced by datetime arithmetic; serialized as ISO 8601 like boto3 accepts. */
class PyDateTime {
  constructor(readonly ms: number) {}
  toJSON(): string {
    return new Date(this.ms).toISOString();
  }
}

class PyTimeDelta {
  constructor(readonly ms: number) {}
}

const TIMEDELTA_UNITS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

class LiteralParser {
  #pos: number;

  constructor(
    private readonly src: string,
    start: number,
    private readonly now: number,
  ) {
    this.#pos = start;
  }

  /** Parses `a, b, key=value)` up to and including the closing parenthesis. */
  callArguments(): { positional: unknown[]; keywords: Record<string, unknown> } {
    const positional: unknown[] = [];
    const keywords: Record<string, unknown> = {};
    for (;;) {
      this.#skip();
      if (this.#eat(')')) return { positional, keywords };
      const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.src.slice(this.#pos));
      if (keyword) {
        this.#pos += keyword[0].length;
        keywords[keyword[1]!] = this.#expression();
      } else {
        positional.push(this.#expression());
      }
      this.#skip();
      if (!this.#eat(',')) {
        this.#skip();
        this.#expect(')');
        return { positional, keywords };
      }
    }
  }

  #expression(): unknown {
    let left = this.#value();
    for (;;) {
      this.#skip();
      const op = this.src[this.#pos];
      if (op !== '+' && op !== '-') return left;
      this.#pos += 1;
      const right = this.#value();
      left = arithmetic(left, op, right);
    }
  }

  #value(): unknown {
    this.#skip();
    const rest = this.src.slice(this.#pos);
    const c = rest[0];
    if (c === undefined) throw this.#syntax('unexpected end of script');
    const stringStart = /^([rRbBuU]?)('''|"""|'|")/.exec(rest);
    if (stringStart)
      return this.#string(stringStart[1]!.toLowerCase() === 'r', stringStart[0].length, stringStart[2]!);
    if (/^[fF]['"]/.test(rest)) throw this.#notLiteral('f-string');
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest);
    if (number) {
      this.#pos += number[0].length;
      return Number(number[0]);
    }
    if (c === '{') return this.#dict();
    if (c === '[') return this.#sequence('[', ']');
    if (c === '(') {
      const items = this.#sequence('(', ')');
      return items.length === 1 && !this.#lastHadComma ? items[0] : items;
    }
    const word = /^[A-Za-z_][\w.]*/.exec(rest);
    if (!word) throw this.#syntax(`unexpected '${c}'`);
    this.#pos += word[0].length;
    const name = word[0];
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    return this.#datetimeExpression(name);
  }

  #datetimeExpression(name: string): unknown {
    const bare = name.replace(/^datetime\./, '');
    if (bare === 'timezone.utc') return null;
    this.#skip();
    if (!this.#eat('(')) throw this.#notLiteral(name);
    const args = this.callArguments();
    let value: unknown;
    if (bare === 'now' || bare === 'datetime.now' || bare === 'datetime.utcnow' || bare === 'utcnow') {
      value = new PyDateTime(this.now);
    } else if (bare === 'timedelta') {
      let ms = typeof args.positional[0] === 'number' ? args.positional[0] * TIMEDELTA_UNITS.days! : 0;
      for (const [unit, amount] of Object.entries(args.keywords)) {
        const factor = TIMEDELTA_UNITS[unit];
        if (factor === undefined || typeof amount !== 'number')
          throw this.#syntax(`timedelta() got an unexpected keyword argument '${unit}'`);
        ms += amount * factor;
      }
      value = new PyTimeDelta(ms);
    } else {
      throw this.#notLiteral(name);
    }
    // `.isoformat()` / `.timestamp()` on a datetime
    const method = /^\s*\.(isoformat|timestamp)\(\s*\)/.exec(this.src.slice(this.#pos));
    if (method && value instanceof PyDateTime) {
      this.#pos += method[0].length;
      return method[1] === 'isoformat' ? value.toJSON() : value.ms / 1000;
    }
    return value;
  }

  #lastHadComma = false;

  #sequence(open: string, close: string): unknown[] {
    this.#expect(open);
    const items: unknown[] = [];
    this.#lastHadComma = false;
    for (;;) {
      this.#skip();
      if (this.#eat(close)) return items;
      items.push(this.#expression());
      this.#skip();
      this.#lastHadComma = this.#eat(',');
      if (!this.#lastHadComma) {
        this.#skip();
        this.#expect(close);
        return items;
      }
    }
  }

  #dict(): Record<string, unknown> {
    this.#expect('{');
    const out: Record<string, unknown> = {};
    for (;;) {
      this.#skip();
      if (this.#eat('}')) return out;
      const key = this.#expression();
      if (typeof key !== 'string' && typeof key !== 'number')
        throw this.#syntax('dict keys must be string literals');
      this.#skip();
      this.#expect(':');
      out[String(key)] = this.#expression();
      this.#skip();
      if (!this.#eat(',')) {
        this.#skip();
        this.#expect('}');
        return out;
      }
    }
  }

  #string(raw: boolean, prefixLength: number, quote: string): string {
    this.#pos += prefixLength;
    let out = '';
    for (;;) {
      if (this.#pos >= this.src.length) throw this.#syntax('unterminated string literal');
      if (this.src.startsWith(quote, this.#pos)) {
        this.#pos += quote.length;
        // Adjacent literals concatenate, as in Python.
        this.#skip();
        const next = /^([rRbBuU]?)('''|"""|'|")/.exec(this.src.slice(this.#pos));
        return next ? out + this.#string(next[1]!.toLowerCase() === 'r', next[0].length, next[2]!) : out;
      }
      const c = this.src[this.#pos]!;
      if (c === '\n' && quote.length === 1) throw this.#syntax('unterminated string literal');
      if (c === '\\' && !raw) {
        const e = this.src[this.#pos + 1] ?? '';
        const escapes: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '\\': '\\',
          "'": "'",
          '"': '"',
          '0': '\0',
        };
        if (e === 'u') {
          out += String.fromCharCode(Number.parseInt(this.src.slice(this.#pos + 2, this.#pos + 6), 16));
          this.#pos += 6;
          continue;
        }
        out += escapes[e] ?? `\\${e}`;
        this.#pos += 2;
        continue;
      }
      out += c;
      this.#pos += 1;
    }
  }

  #skip(): void {
    for (;;) {
      const ws = /^(\s+|#[^\n]*|\\\n)/.exec(this.src.slice(this.#pos));
      if (!ws) return;
      this.#pos += ws[0].length;
    }
  }

  #eat(token: string): boolean {
    if (this.src.startsWith(token, this.#pos)) {
      this.#pos += token.length;
      return true;
    }
    return false;
  }

  #expect(token: string): void {
    if (!this.#eat(token)) throw this.#syntax(`expected '${token}'`);
  }

  #syntax(message: string): ScriptError {
    const line = this.src.slice(0, this.#pos).split('\n').length;
    return new ScriptError('SyntaxError', `${message} (line ${line})`);
  }

  #notLiteral(expression: string): ScriptError {
    return new ScriptError(
      'NameError',
      `'${expression}' cannot be evaluated: this sandbox evaluates call_boto3 arguments as literals only`,
    );
  }
}

function arithmetic(left: unknown, op: '+' | '-', right: unknown): unknown {
  const sign = op === '+' ? 1 : -1;
  if (left instanceof PyDateTime && right instanceof PyTimeDelta)
    return new PyDateTime(left.ms + sign * right.ms);
  if (left instanceof PyTimeDelta && right instanceof PyTimeDelta)
    return new PyTimeDelta(left.ms + sign * right.ms);
  if (typeof left === 'number' && typeof right === 'number') return left + sign * right;
  if (typeof left === 'string' && typeof right === 'string' && op === '+') return left + right;
  throw new ScriptError('TypeError', `unsupported operand type(s) for ${op}`);
}

/** Parses a time parameter as boto3 accepts it: datetime, ISO 8601 string or epoch seconds. */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof PyDateTime) return value.ms;
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value.length > 0) {
    const ms = Date.parse(/^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000).toISOString() : value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
