/**
 * Guard for `aws___call_aws`: the command is split into argv the way a shell would quote it, but
 * nothing a shell would *do* is accepted (operators, globs, substitutions, redirections), then
 * service and operation go through the operation tables.
 */
import { parse } from 'shell-quote';
import { classifyOperation, findConditionalDenials } from './operation-policy.ts';
import { ALLOWED, type GuardDecision, refuse } from './types.ts';

/** Characters refused anywhere in the command, even quoted: no shell runs it, and none should. */
const FORBIDDEN_CHARACTERS: readonly (readonly [string, string])[] = [
  ['`', 'backtick'],
  ['$', 'dollar sign (substitution)'],
  ['\n', 'newline'],
  ['\r', 'carriage return'],
  ['\0', 'NUL'],
  [';', 'semicolon'],
  ['|', 'pipe'],
  ['&', 'ampersand'],
  ['>', 'redirection'],
  ['<', 'redirection'],
];

/** Global options that change where or how the CLI sends the call, or what it reads locally. */
const DANGEROUS_OPTIONS: Readonly<Record<string, string>> = {
  '--endpoint-url': 'sends the call elsewhere',
  '--profile': 'switches credentials',
  '--no-verify-ssl': 'disables TLS verification',
  '--ca-bundle': 'reads a local CA bundle',
  '--cli-input-json': 'passes parameters the guard cannot see',
  '--cli-input-yaml': 'passes parameters the guard cannot see',
  '--debug': 'prints request headers, including the session token',
  '--generate-cli-skeleton': 'changes what the command does',
  '--cli-auto-prompt': 'is interactive',
};

/** Global options that may come before the service, with whether they take a value. */
const LEADING_GLOBAL_OPTIONS: Readonly<Record<string, boolean>> = {
  '--region': true,
  '--output': true,
  '--query': true,
  '--color': true,
  '--cli-read-timeout': true,
  '--cli-connect-timeout': true,
  '--cli-binary-format': true,
  '--no-paginate': false,
  '--no-cli-pager': false,
  '--no-sign-request': false,
};

const LOCAL_FILE = /\b(file|fileb):\/\//i;
const REMOTE_PARAMETER = /^(?:https?|ftp):\/\//i;
/** AWS' own URLs (SQS queue URLs, S3 template URLs) are ordinary parameter values. */
const AWS_URL = /^https:\/\/[a-z0-9.-]+\.(?:amazonaws\.com|api\.aws)(?:[/?#]|$)/i;

export function guardCliCommand(command: unknown): GuardDecision {
  if (typeof command !== 'string' || command.trim() === '')
    return refuse('cli_command must be a non-empty string');
  for (const [char, name] of FORBIDDEN_CHARACTERS) {
    if (command.includes(char)) return refuse(`cli_command contains a ${name}; shell syntax is not allowed`);
  }

  const parsed = parse(command);
  const argv: string[] = [];
  for (const entry of parsed) {
    if (typeof entry !== 'string') {
      const kind =
        'comment' in entry ? 'comment' : entry.op === 'glob' ? `glob (${entry.pattern})` : `"${entry.op}"`;
      return refuse(`cli_command contains shell syntax: ${kind}`);
    }
    argv.push(entry);
  }
  if (argv[0] !== 'aws') return refuse('cli_command must start with "aws"');

  for (const arg of argv) {
    const option = arg.split('=', 1)[0] ?? arg;
    const dangerous = Object.keys(DANGEROUS_OPTIONS).find((name) => namesOption(option, name));
    if (dangerous) return refuse(`option ${option} is refused: it ${DANGEROUS_OPTIONS[dangerous]}`);
    if (LOCAL_FILE.test(arg))
      return refuse('file:// and fileb:// arguments are refused: they read local files');
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (REMOTE_PARAMETER.test(value) && !AWS_URL.test(value)) {
      return refuse('URL arguments outside AWS are refused: the CLI may fetch them as parameters');
    }
  }

  let index = 1;
  while (argv[index]?.startsWith('--')) {
    const option = argv[index]!.split('=', 1)[0]!;
    const takesValue = LEADING_GLOBAL_OPTIONS[option];
    if (takesValue === undefined) return refuse(`option ${option} must come after the operation`);
    index += takesValue && !argv[index]!.includes('=') ? 2 : 1;
  }
  const service = argv[index];
  const operation = argv[index + 1];
  if (!service || !operation || operation.startsWith('-')) {
    return refuse('cli_command must name a service and an operation: aws <service> <operation> [options]');
  }

  const byName = classifyOperation(service, operation);
  if (!byName.allowed) return byName;

  const options = argv.slice(index + 2);
  for (const rule of findConditionalDenials(service, operation)) {
    const value = optionValue(options, rule.flag);
    const set =
      value !== undefined && (rule.value === undefined || value.toLowerCase() === rule.value.toLowerCase());
    if (rule.deny === 'when-set' ? set : !set) {
      return refuse(`"${service} ${operation}" is refused with these options: it ${rule.reason}`);
    }
  }
  return ALLOWED;
}

/**
 * Whether `option` selects `flag`: the CLI's argument parser also accepts unambiguous prefixes
 * (`--with-dec` for `--with-decryption`), so a prefix counts as the flag.
 */
function namesOption(option: string, flag: string): boolean {
  return option.startsWith('--') && option.length >= 3 && flag.startsWith(option);
}

/** The option's value (`''` for a bare flag), or undefined when it is absent. */
function optionValue(options: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < options.length; i++) {
    const arg = options[i]!;
    const [option, inline] = splitOption(arg);
    if (!namesOption(option, flag)) continue;
    if (inline !== undefined) return inline;
    const next = options[i + 1];
    return next !== undefined && !next.startsWith('--') ? next : '';
  }
  return undefined;
}

function splitOption(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at === -1 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}
