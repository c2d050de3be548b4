/**
 * Guard for `aws___run_script`: the script may compute whatever it likes in Python, but every AWS
 * call must be a direct `call_boto3(...)` whose service and operation are string literals naming
 * a read-only operation; anything that could reach AWS or the host another way is refused.
 */
import {
  classifyOperation,
  findConditionalDenials,
  toCliOperation,
  toCliService,
} from './operation-policy.ts';
import {
  fStringExpressions,
  type PythonToken,
  PythonTokenizeError,
  tokenizePython,
} from './python-tokens.ts';
import { ALLOWED, type GuardDecision, refuse } from './types.ts';

/** Modules a script may import: pure computation and formatting, nothing that reaches out. */
const ALLOWED_IMPORTS: readonly string[] = [
  'json',
  'datetime',
  're',
  'math',
  'collections',
  'itertools',
  'functools',
  'statistics',
  'decimal',
  'typing',
  'textwrap',
  'string',
  'time',
  'calendar',
  'zoneinfo',
  'ipaddress',
  'fnmatch',
  'dataclasses',
  'enum',
  'pprint',
  'heapq',
  'bisect',
];

/** Names refused wherever they appear: dynamic code, introspection, the host, direct AWS access. */
const FORBIDDEN_NAMES: readonly string[] = [
  'exec',
  'eval',
  'compile',
  'getattr',
  'setattr',
  'delattr',
  'globals',
  'locals',
  'vars',
  'open',
  'input',
  'breakpoint',
  'help',
  'memoryview',
  'exit',
  'quit',
  'os',
  'sys',
  'subprocess',
  'boto3',
  'botocore',
  'importlib',
  'builtins',
  'socket',
  'shutil',
  'pathlib',
  'ctypes',
  'pickle',
  'marshal',
  'io',
  'types',
  'inspect',
  'gc',
  'threading',
  'multiprocessing',
  'signal',
  'urllib',
  'requests',
  'http',
  'asyncio',
  'runpy',
  'tempfile',
  'glob',
  'pty',
  'operator',
  // str.format reaches attributes by name from a string built at run time ('{0.__globals__}').
  'format',
  'format_map',
  'vformat',
  'Formatter',
  // Frame and code objects lead back to module globals without a dunder name.
  'gi_frame',
  'gi_code',
  'cr_frame',
  'ag_frame',
  'f_globals',
  'f_locals',
  'f_builtins',
  'f_back',
  'f_code',
  'tb_frame',
  'tb_next',
  'co_code',
  'func_globals',
];

const CALL_BOTO3 = 'call_boto3';
/** call_boto3's parameters, in positional order. */
const CALL_PARAMETERS = ['service_name', 'operation_name', 'region_name', 'params'] as const;
type CallParameter = (typeof CALL_PARAMETERS)[number];

/** @default 100_000 characters */
const MAX_SCRIPT_LENGTH = 100_000;
const LITERAL_NAME = /^[A-Za-z0-9_-]+$/;

export function guardRunScript(code: unknown): GuardDecision {
  if (typeof code !== 'string' || code.trim() === '') return refuse('code must be a non-empty string');
  if (code.length > MAX_SCRIPT_LENGTH) return refuse(`code is longer than ${MAX_SCRIPT_LENGTH} characters`);
  try {
    return checkCode(code);
  } catch (error) {
    if (error instanceof PythonTokenizeError) return refuse(`code cannot be checked: ${error.message}`);
    throw error;
  }
}

function checkCode(code: string): GuardDecision {
  const tokens = tokenizePython(code);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'string' && token.value.includes('__')) {
      return refuse('strings containing "__" are refused: they can name Python internals');
    }
    if (token.kind === 'string' && token.prefix.includes('f')) {
      for (const expression of fStringExpressions(token.value)) {
        const inner = checkCode(expression);
        if (!inner.allowed) return inner;
      }
    }
    if (token.kind !== 'name') continue;
    if (token.text.startsWith('__'))
      return refuse(`"${token.text}" is refused: dunder names reach Python internals`);
    if (FORBIDDEN_NAMES.includes(token.text)) return refuse(`"${token.text}" is refused in scripts`);
    if (token.text === 'import' || token.text === 'from') {
      const imported = checkImport(tokens, i);
      if (!imported.allowed) return imported;
    }
    if (token.text === CALL_BOTO3) {
      const call = checkCall(tokens, i);
      if (!call.allowed) return call;
    }
  }
  return ALLOWED;
}

function checkImport(tokens: readonly PythonToken[], at: number): GuardDecision {
  const keyword = tokens[at]!.text;
  if (keyword === 'from') {
    if (tokens[at + 1]?.text === '.') return refuse('relative imports are refused');
    const module = tokens[at + 1];
    const end = dottedNameEnd(tokens, at + 1);
    // `yield from x` and `raise X from e` use `from` without importing.
    if (module?.kind !== 'name' || tokens[end]?.text !== 'import') return ALLOWED;
    return ALLOWED_IMPORTS.includes(module.text) ? ALLOWED : refuse(`importing "${module.text}" is refused`);
  }
  // The `import` of `from x import y` was checked with its `from`.
  if (tokens[dottedNameStart(tokens, at - 1) - 1]?.text === 'from') return ALLOWED;
  let i = at + 1;
  for (;;) {
    const module = tokens[i];
    if (module?.kind !== 'name') return refuse('"import" must name a module');
    if (!ALLOWED_IMPORTS.includes(module.text)) return refuse(`importing "${module.text}" is refused`);
    i = dottedNameEnd(tokens, i);
    if (tokens[i]?.text === 'as') i += 2;
    if (tokens[i]?.text !== ',') return ALLOWED;
    i++;
  }
}

/** Index just past the dotted name (`a.b.c`) starting at `start`. */
function dottedNameEnd(tokens: readonly PythonToken[], start: number): number {
  let i = start + 1;
  while (tokens[i]?.text === '.' && tokens[i + 1]?.kind === 'name') i += 2;
  return i;
}

/** Index of the first token of the dotted name ending at `end`. */
function dottedNameStart(tokens: readonly PythonToken[], end: number): number {
  let i = end;
  while (tokens[i - 1]?.text === '.' && tokens[i - 2]?.kind === 'name') i -= 2;
  return i;
}

function checkCall(tokens: readonly PythonToken[], at: number): GuardDecision {
  const before = tokens[at - 1];
  if (before?.text === '.' || before?.text === 'def') return refuse(`${CALL_BOTO3} must be called directly`);
  if (tokens[at + 1]?.text !== '(') return refuse(`${CALL_BOTO3} must be called directly, not passed around`);

  const args = splitArguments(tokens, at + 1);
  if (!args) return refuse(`${CALL_BOTO3}(...) is not closed`);
  const named = new Map<CallParameter, PythonToken[]>();
  let position = 0;
  let sawKeyword = false;
  for (const arg of args) {
    if (arg[0]?.text === '*' || arg[0]?.text === '**')
      return refuse(`${CALL_BOTO3} arguments must not be unpacked`);
    if (arg[0]?.kind === 'name' && arg[1]?.text === '=') {
      const name = arg[0].text as CallParameter;
      if (!CALL_PARAMETERS.includes(name))
        return refuse(`${CALL_BOTO3} argument "${arg[0].text}" is not allowed`);
      named.set(name, arg.slice(2));
      sawKeyword = true;
    } else {
      if (sawKeyword || position >= CALL_PARAMETERS.length) {
        return refuse(`${CALL_BOTO3} has an unexpected positional argument`);
      }
      named.set(CALL_PARAMETERS[position++]!, arg);
    }
  }

  const service = literalName(named.get('service_name'));
  const operation = literalName(named.get('operation_name'));
  if (!service || !operation) {
    return refuse(`${CALL_BOTO3} must name service_name and operation_name as plain string literals`);
  }
  const cliService = toCliService(service.toLowerCase());
  const cliOperation = toCliOperation(operation);
  const byName = classifyOperation(cliService, cliOperation);
  if (!byName.allowed) return byName;

  const params = named.get('params');
  for (const rule of findConditionalDenials(cliService, cliOperation)) {
    const entries = params ? literalDict(params) : new Map<string, PythonToken[]>();
    if (!entries) {
      return refuse(
        `"${service}.${operation}" needs params as a literal dict so that ${rule.param} can be checked`,
      );
    }
    const value = [...entries].find(([key]) => key.toLowerCase() === rule.param.toLowerCase())?.[1];
    if (rule.deny === 'when-set' ? isSet(value, rule.value) : !isExactly(value, 'True')) {
      return refuse(`"${service}.${operation}" is refused with these params: it ${rule.reason}`);
    }
  }
  return ALLOWED;
}

/** Whether a params value may set the option: anything but a literal off (or a different literal). */
function isSet(value: PythonToken[] | undefined, expected: string | undefined): boolean {
  if (!value) return false;
  if (expected === undefined) return !(isExactly(value, 'False') || isExactly(value, 'None'));
  const only = value.length === 1 ? value[0] : undefined;
  return !(
    only?.kind === 'string' &&
    !only.prefix.includes('f') &&
    only.value.toLowerCase() !== expected.toLowerCase()
  );
}

function isExactly(value: PythonToken[] | undefined, name: string): boolean {
  return value?.length === 1 && value[0]!.kind === 'name' && value[0]!.text === name;
}

function literalName(tokens: PythonToken[] | undefined): string | undefined {
  const only = tokens?.length === 1 ? tokens[0] : undefined;
  if (only?.kind !== 'string' || /[fb]/.test(only.prefix) || only.text.includes('\\')) return undefined;
  return LITERAL_NAME.test(only.value) ? only.value : undefined;
}

/** A `{ 'Key': value, ... }` literal with plain string keys, or undefined when it is anything else. */
function literalDict(tokens: PythonToken[]): Map<string, PythonToken[]> | undefined {
  if (tokens[0]?.text !== '{' || tokens.at(-1)?.text !== '}') return undefined;
  const entries = new Map<string, PythonToken[]>();
  const inner = splitArguments(
    [{ kind: 'op', text: '(' }, ...tokens.slice(1, -1), { kind: 'op', text: ')' }],
    0,
  );
  if (!inner) return undefined;
  for (const entry of inner) {
    const key = entry[0];
    if (key?.kind !== 'string' || key.prefix.includes('f') || entry[1]?.text !== ':') return undefined;
    entries.set(key.value, entry.slice(2));
  }
  return entries;
}

/** The comma-separated arguments between the bracket at `open` and its partner, or undefined if unclosed. */
function splitArguments(tokens: readonly PythonToken[], open: number): PythonToken[][] | undefined {
  const args: PythonToken[][] = [];
  let current: PythonToken[] = [];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'op' && ['(', '[', '{'].includes(token.text)) depth++;
    if (token.kind === 'op' && [')', ']', '}'].includes(token.text)) {
      if (depth === 0) {
        if (current.length > 0) args.push(current);
        return args;
      }
      depth--;
    }
    if (depth === 0 && token.kind === 'op' && token.text === ',') {
      args.push(current);
      current = [];
      continue;
    }
    current.push(token);
  }
  return undefined;
}
