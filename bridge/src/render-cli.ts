/**
 * Writes one AWS CLI command for a call, for servers that offer only `aws___call_aws`. Each param
 * becomes `--kebab-name value`: strings as they are, numbers as text, booleans as `--flag` /
 * `--no-flag`, structures and lists as JSON (the CLI accepts JSON for any parameter); every value is
 * quoted for the server's shell-style split. The guard then checks the command as written.
 */
import { quote } from 'shell-quote';
import { toCliOperation, toCliService } from './guard/operation-policy.ts';
import type { AwsCall } from './input.ts';

export function renderCliCommand(call: AwsCall, region: string): string {
  const argv = [
    'aws',
    toCliService(call.service),
    toCliOperation(call.operation),
    '--region',
    call.region ?? region,
  ];
  // One page unless asked for more: the CLI paginates on its own otherwise.
  if (call.pages === 1) argv.push('--no-paginate');
  for (const [name, value] of Object.entries(call.params)) {
    const option = toCliOperation(name);
    if (value === null || value === undefined) continue;
    if (value === true) argv.push(`--${option}`);
    else if (value === false) argv.push(`--no-${option}`);
    else argv.push(`--${option}`, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return quote(argv);
}
