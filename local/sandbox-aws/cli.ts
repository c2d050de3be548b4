/**
 * Reads an aws___call_aws `cli_command` (`aws <service> <operation> [--flags]`) into a service,
 * operation and parameters, with the AWS CLI's shorthand syntax for lists of structures
 * (`--filters Name=instance-state-name,Values=running`) and JSON values.
 */
import { parse } from 'shell-quote';
import { pascal } from './aws-api.ts';
import { ScriptError } from './errors.ts';

export interface CliCall {
  readonly service: string;
  readonly operation: string;
  readonly region?: string;
  readonly params: Record<string, unknown>;
}

/** Global CLI options that change nothing in the sandbox's answer. */
const IGNORED_GLOBALS = new Set([
  'output',
  'profile',
  'no-cli-pager',
  'no-paginate',
  'cli-read-timeout',
  'cli-connect-timeout',
  'debug',
  'no-verify-ssl',
]);
const PAGINATION = new Set(['max-items', 'page-size', 'starting-token']);

export function parseCliCommand(command: string): CliCall {
  // Variables stay literal: the command is never run by a shell.
  const tokens = parse(command, (name) => `$${name}`).map((token) => {
    if (typeof token === 'string') return token;
    if ('pattern' in token) return token.pattern;
    throw new ScriptError(
      'ValidationError',
      `Shell operators are not supported in cli_command: '${'op' in token ? token.op : '?'}'`,
    );
  });
  const [program, rawService, operation, ...rest] = tokens;
  if (program !== 'aws') throw new ScriptError('ValidationError', "cli_command must start with 'aws'");
  if (!rawService || !operation || operation.startsWith('--')) {
    throw new ScriptError(
      'ValidationError',
      'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]',
    );
  }
  // `aws s3 ls` is the CLI's customization of ListBuckets; s3api is the plain API.
  const service = rawService === 's3api' ? 's3' : rawService;
  const mapped = service === 's3' && operation === 'ls' && rest.length === 0 ? 'list-buckets' : operation;
  const params: Record<string, unknown> = {};
  let region: string | undefined;
  for (let i = 0; i < rest.length; ) {
    const flag = rest[i]!;
    if (!flag.startsWith('--')) throw new ScriptError('ValidationError', `Unknown options: ${flag}`);
    const values: string[] = [];
    for (i += 1; i < rest.length && !rest[i]!.startsWith('--'); i += 1) values.push(rest[i]!);
    const name = flag.slice(2);
    if (name === 'region') {
      region = values[0];
      continue;
    }
    if (name === 'query') {
      throw new ScriptError(
        'ValidationError',
        '--query (JMESPath) is not supported by the sandbox; filter the result instead',
      );
    }
    if (IGNORED_GLOBALS.has(name) || PAGINATION.has(name)) continue;
    if (name.startsWith('no-') && values.length === 0) {
      params[pascal(name.slice(3))] = false;
      continue;
    }
    const parsed = values.map(parseValue);
    const single = parsed[0];
    params[pascal(name)] =
      parsed.length === 0
        ? true
        : parsed.length === 1 && (!isListFlag(name) || Array.isArray(single))
          ? single
          : parsed;
  }
  return { service, operation: mapped, ...(region ? { region } : {}), params };
}

/** Flags whose single value is still a list (their names are plural in the API). */
function isListFlag(name: string): boolean {
  return /(s|ids|names|queries|statistics)$/.test(name) && !/(status|address|class|alias)$/.test(name);
}

/** JSON when it looks like JSON, shorthand `Key=value,Key2=a,b` when it has '=', else the string. */
function parseValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ScriptError('ValidationError', `Error parsing parameter: Invalid JSON: ${value}`);
    }
  }
  if (!/^[A-Za-z][\w:-]*=/.test(value)) return value;
  const out: Record<string, string | string[]> = {};
  let key = '';
  for (const part of value.split(',')) {
    const eq = /^([A-Za-z][\w:-]*)=(.*)$/.exec(part);
    if (eq) {
      key = eq[1]!;
      out[key] = key === 'Values' ? [eq[2]!] : eq[2]!;
    } else {
      const previous = out[key];
      out[key] = [...(Array.isArray(previous) ? previous : previous === undefined ? [] : [previous]), part];
    }
  }
  return out;
}
