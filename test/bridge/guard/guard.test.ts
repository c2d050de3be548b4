import { describe, expect, it } from 'vitest';
import { guardCliCommand, guardRunScript, guardToolCall } from '../../../bridge/src/guard/index.ts';
import { ALLOWED_COMMANDS, REFUSED_COMMANDS } from './cli-commands.ts';
import { ALLOWED_SCRIPTS, REFUSED_SCRIPTS } from './scripts.ts';

function serviceOf(command: string): string | undefined {
  const argv = command.split(/\s+/);
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && ['--region', '--output', '--profile', '--endpoint-url'].includes(arg)) i++;
      continue;
    }
    return arg;
  }
  return undefined;
}

describe('guardCliCommand', () => {
  it('covers at least 300 commands across at least 40 services', () => {
    // Prepare
    const commands = [...ALLOWED_COMMANDS, ...REFUSED_COMMANDS.map(([command]) => command)];
    // Act
    const services = new Set(commands.map(serviceOf).filter(Boolean));
    // Assess
    expect(commands.length).toBeGreaterThanOrEqual(300);
    expect(services.size).toBeGreaterThanOrEqual(40);
  });

  it.each(ALLOWED_COMMANDS.map((command) => [command]))('allows the read %s', (command) => {
    // Act
    const decision = guardCliCommand(command);
    // Assess
    expect(decision).toEqual({ allowed: true });
  });

  it.each(REFUSED_COMMANDS.map(([command, reason]) => [command, reason]))(
    'refuses %s (%s)',
    (command, reason) => {
      // Act
      const decision = guardCliCommand(command);
      // Assess
      expect(decision.allowed).toBe(false);
      expect(decision.allowed === false && decision.reason).toContain(reason);
    },
  );

  it('refuses a command that is not a string', () => {
    expect(guardCliCommand(['aws', 'ec2', 'describe-instances']).allowed).toBe(false);
  });
});

describe('guardRunScript', () => {
  it.each(ALLOWED_SCRIPTS.map(([name, code]) => [name, code]))('allows %s', (_name, code) => {
    // Act
    const decision = guardRunScript(code);
    // Assess
    expect(decision).toEqual({ allowed: true });
  });

  it.each(REFUSED_SCRIPTS.map(([name, code, reason]) => [name, code, reason]))(
    'refuses %s',
    (_name, code, reason) => {
      // Act
      const decision = guardRunScript(code);
      // Assess
      expect(decision.allowed).toBe(false);
      expect(decision.allowed === false && decision.reason).toContain(reason);
    },
  );
});

describe('guardToolCall', () => {
  it('checks aws___run_script by its code argument', () => {
    // Act
    const decision = guardToolCall('aws___run_script', {
      code: "call_boto3(service_name='iam', operation_name='delete_role', params={'RoleName': 'x'})",
    });
    // Assess
    expect(decision.allowed).toBe(false);
  });

  it('checks aws___call_aws by its cli_command argument', () => {
    expect(guardToolCall('aws___call_aws', { cli_command: 'aws ec2 describe-instances' })).toEqual({
      allowed: true,
    });
    expect(guardToolCall('aws___call_aws', { cli_command: 'aws ec2 terminate-instances' }).allowed).toBe(
      false,
    );
  });

  it('refuses aws___call_aws when the command is under another argument name', () => {
    expect(guardToolCall('aws___call_aws', { command: 'aws ec2 describe-instances' }).allowed).toBe(false);
  });

  it('allows documentation tools without inspecting them', () => {
    expect(guardToolCall('aws___search_documentation', { search_phrase: 'S3 encryption' })).toEqual({
      allowed: true,
    });
    expect(guardToolCall('aws___list_regions', {})).toEqual({ allowed: true });
  });

  it('refuses a tool it does not know to be read-only', () => {
    // Act
    const decision = guardToolCall('aws___get_presigned_url', { bucket: 'b', key: 'k' });
    // Assess
    expect(decision).toEqual({
      allowed: false,
      reason: 'tool "aws___get_presigned_url" is not known to be read-only',
    });
  });
});
