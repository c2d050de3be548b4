import { describe, expect, it } from 'vitest';
import { formatProblem, parseRegistry, RegistryValidationError } from '#registry-seed/src/index.ts';

const ACCOUNTS = `accounts:
  - id: "111111111111"
    name: payments-prod
    aliases: [prod]
    environment: prod
    regions: [us-east-1]
  - id: "012345678901"
    name: sandbox-dev
    environment: dev
    regions: [us-east-1]
`;

function channels(alerts: string, allowed = '[prod, dev]'): string {
  return `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0INCIDENT
    allowedEnvironments: ${allowed}
    alerts: ${alerts}
`;
}

function problemsOf(alerts: string, allowed?: string): string[] {
  try {
    parseRegistry({ accounts: ACCOUNTS, channels: channels(alerts, allowed) });
  } catch (error) {
    if (error instanceof RegistryValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('the registry loaded, but it should not have');
}

describe('parseRegistry: channel alert routes', () => {
  it('stores the accounts a route names by id, whatever it was named by (id, name, alias, unquoted id)', () => {
    // Act
    const registry = parseRegistry({
      accounts: ACCOUNTS,
      channels: channels(
        '{ environments: [dev], accounts: [prod, 012345678901, PAYMENTS-PROD], sources: [alarm, guardduty], minSeverity: high }',
      ),
    });

    // Assess
    expect(registry.channels[0]?.alerts).toEqual({
      environments: ['dev'],
      accounts: ['111111111111', '012345678901'],
      sources: ['alarm', 'guardduty'],
      minSeverity: 'high',
    });
  });

  it('accepts alerts: {} (no alerts) and a route with any one selector', () => {
    // Act
    const none = parseRegistry({ accounts: ACCOUNTS, channels: channels('{}') });
    const byEnvironment = parseRegistry({
      accounts: ACCOUNTS,
      channels: channels('{ environments: [prod] }'),
    });

    // Assess
    expect(none.channels[0]?.alerts).toEqual({});
    expect(byEnvironment.channels[0]?.alerts).toEqual({ environments: ['prod'] });
  });

  it('refuses unknown sources, severities and fields, with the file and line', () => {
    // Act
    const problems = problemsOf(
      '{ environments: [prod], sources: [alarm, pagerduty], minSeverity: urgent, channel: x }',
    );

    // Assess
    expect(problems).toEqual([
      'channels.yaml:6 channels[0].alerts.sources[1]: must be one of alarm, health, guardduty, securityhub',
      'channels.yaml:6 channels[0].alerts.minSeverity: must be one of low, medium, high, critical',
      'channels.yaml:6 channels[0].alerts.channel: unknown field',
    ]);
  });

  it('refuses accounts and environments it does not know, or that the channel may not read', () => {
    // Act
    const problems = problemsOf('{ environments: [qa, dev], accounts: [nobody, sandbox-dev] }', '[prod]');

    // Assess
    expect(problems).toEqual([
      'channels.yaml:6 channels[0].alerts.environments[0]: unknown environment "qa" (known: dev, prod)',
      `channels.yaml:6 channels[0].alerts.environments[1]: "dev" is not in this channel's allowedEnvironments`,
      'channels.yaml:6 channels[0].alerts.accounts[0]: no account has the id, name or alias "nobody"',
      'channels.yaml:6 channels[0].alerts.accounts[1]: account sandbox-dev is in environment "dev", which this channel does not allow',
    ]);
  });

  it('refuses a route that selects no account (only alerts: {} means none)', () => {
    // Act
    const problems = problemsOf('{ sources: [alarm] }');

    // Assess
    expect(problems).toEqual([
      'channels.yaml:6 channels[0].alerts: selects no account: list environments or accounts (alerts: {} posts nothing)',
    ]);
  });
});
