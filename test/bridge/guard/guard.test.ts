import { describe, expect, it } from 'vitest';
import { guardCalls, guardCliCommand, guardNamedTool, guardToolArguments } from '#bridge/src/guard/index.ts';
import { ALLOWED_CALLS, REFUSED_CALLS } from './calls.ts';
import { ALLOWED_COMMANDS, REFUSED_COMMANDS } from './cli-commands.ts';

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

const call = (service: string, operation: string, params: Record<string, unknown> = {}) => ({
  service,
  operation,
  params,
  pages: 1,
});

describe('guardCalls', () => {
  it.each(ALLOWED_CALLS.map(([service, operation, params]) => [service, operation, params]))(
    'allows the read %s %s %j',
    (service, operation, params) => {
      // Act
      const decision = guardCalls([call(service, operation, params)]);
      // Assess
      expect(decision).toEqual({ allowed: true });
    },
  );

  it.each(REFUSED_CALLS.map(([service, operation, params, reason]) => [service, operation, params, reason]))(
    'refuses %s %s %j (%s)',
    (service, operation, params, reason) => {
      // Act
      const decision = guardCalls([call(service, operation, params)]);
      // Assess
      expect(decision.allowed).toBe(false);
      expect(decision.allowed === false && decision.reason).toContain(reason);
    },
  );

  it('refuses a list when any call in it is refused, naming that call', () => {
    // Act
    const decision = guardCalls([call('ec2', 'DescribeInstances'), call('kms', 'Decrypt')]);
    // Assess
    expect(decision).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^calls\[1\]: "kms decrypt" is refused/),
    });
  });
});

describe('guardNamedTool', () => {
  it.each(['aws___run_script', 'aws___call_aws'])(
    'refuses %s by name: the bridge writes its arguments',
    (tool) => {
      // Act
      const decision = guardNamedTool(tool);
      // Assess
      expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('send calls') });
    },
  );

  it('allows documentation tools', () => {
    expect(guardNamedTool('aws___search_documentation')).toEqual({ allowed: true });
    expect(guardNamedTool('aws___list_regions')).toEqual({ allowed: true });
  });

  it('refuses a tool it does not know to be read-only', () => {
    expect(guardNamedTool('aws___get_presigned_url')).toEqual({
      allowed: false,
      reason: 'tool "aws___get_presigned_url" is not known to be read-only',
    });
  });
});

describe('guardToolArguments', () => {
  const schema = { properties: { search_phrase: {}, limit: {} } };

  it('allows the arguments the server declares', () => {
    expect(
      guardToolArguments('aws___search_documentation', schema, { search_phrase: 'x', limit: 3 }),
    ).toEqual({
      allowed: true,
    });
  });

  it('refuses an argument the server does not declare', () => {
    // Act
    const decision = guardToolArguments('aws___search_documentation', schema, {
      search_phrase: 'x',
      code: 'y',
    });
    // Assess
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('takes no argument "code"') });
  });

  it('refuses a tool the server does not list', () => {
    expect(guardToolArguments('aws___recommend', undefined, {}).allowed).toBe(false);
  });
});

describe('guardCliCommand (the commands the bridge writes for call_aws)', () => {
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
