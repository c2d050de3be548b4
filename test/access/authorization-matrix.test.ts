import { describe, expect, it } from 'vitest';
import { authorizeAccounts } from '#access/index.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';

const account = (id: string, name: string, environment: string): Account => ({
  id,
  name,
  aliases: [],
  environment,
  regions: ['us-east-1'],
  enabled: true,
  tags: {},
});
const ACCOUNTS = {
  prod: account('111111111111', 'payments-prod', 'prod'),
  staging: account('222222222222', 'payments-staging', 'staging'),
  dev: account('333333333333', 'sandbox-dev', 'dev'),
  security: account('444444444444', 'security-tooling', 'security'),
  shared: account('555555555555', 'shared-services', 'shared'),
} as const;
type Environment = keyof typeof ACCOUNTS;
const ENVIRONMENTS = Object.keys(ACCOUNTS) as Environment[];

const channel = (channelId: string, allowedEnvironments: string[]): ChannelPolicy => ({
  platform: 'slack',
  workspaceId: 'T0CENTRAL',
  channelId,
  allowedEnvironments,
});
const CHANNELS = {
  incident: channel('C0INCIDENT', ['prod', 'staging', 'dev', 'security', 'shared']),
  devOnly: channel('C0DEV', ['dev']),
  nonProd: channel('C0NONPROD', ['staging', 'dev', 'shared']),
  /** No row in the channels table: the documented default (dev only). */
  unlisted: undefined,
} as const;
type ChannelName = keyof typeof CHANNELS;

/**
 * Every cell written out by hand: for each group set and channel, the environments readable.
 * `-` marks an environment refused by the group rule, `c` one refused by the channel rule.
 */
const MATRIX: Record<
  string,
  { groups: string[]; cells: Record<ChannelName, Record<Environment, '+' | '-' | 'c'>> }
> = {
  'ops-all-readers': {
    groups: ['ops-all-readers'],
    cells: {
      incident: { prod: '+', staging: '+', dev: '+', security: '+', shared: '+' },
      devOnly: { prod: 'c', staging: 'c', dev: '+', security: 'c', shared: 'c' },
      nonProd: { prod: 'c', staging: '+', dev: '+', security: 'c', shared: '+' },
      unlisted: { prod: 'c', staging: 'c', dev: '+', security: 'c', shared: 'c' },
    },
  },
  'ops-prod-readers': {
    groups: ['ops-prod-readers'],
    cells: {
      incident: { prod: '+', staging: '-', dev: '-', security: '-', shared: '-' },
      devOnly: { prod: 'c', staging: '-', dev: '-', security: '-', shared: '-' },
      nonProd: { prod: 'c', staging: '-', dev: '-', security: '-', shared: '-' },
      unlisted: { prod: 'c', staging: '-', dev: '-', security: '-', shared: '-' },
    },
  },
  'ops-dev-readers + ops-staging-readers': {
    groups: ['ops-dev-readers', 'ops-staging-readers'],
    cells: {
      incident: { prod: '-', staging: '+', dev: '+', security: '-', shared: '-' },
      devOnly: { prod: '-', staging: 'c', dev: '+', security: '-', shared: '-' },
      nonProd: { prod: '-', staging: '+', dev: '+', security: '-', shared: '-' },
      unlisted: { prod: '-', staging: 'c', dev: '+', security: '-', shared: '-' },
    },
  },
  'ops-account-444444444444-readers': {
    groups: ['ops-account-444444444444-readers'],
    cells: {
      incident: { prod: '-', staging: '-', dev: '-', security: '+', shared: '-' },
      devOnly: { prod: '-', staging: '-', dev: '-', security: 'c', shared: '-' },
      nonProd: { prod: '-', staging: '-', dev: '-', security: 'c', shared: '-' },
      unlisted: { prod: '-', staging: '-', dev: '-', security: 'c', shared: '-' },
    },
  },
  'unrelated groups only': {
    groups: ['admins', 'ops-readers', 'ops-account-12345-readers', 'OPS-PROD-READERS'],
    cells: {
      incident: { prod: '-', staging: '-', dev: '-', security: '-', shared: '-' },
      devOnly: { prod: '-', staging: '-', dev: '-', security: '-', shared: '-' },
      nonProd: { prod: '-', staging: '-', dev: '-', security: '-', shared: '-' },
      unlisted: { prod: '-', staging: '-', dev: '-', security: '-', shared: '-' },
    },
  },
};

const CASES = Object.entries(MATRIX).flatMap(([groupLabel, { groups, cells }]) =>
  (Object.keys(CHANNELS) as ChannelName[]).flatMap((channelName) =>
    ENVIRONMENTS.map((environment) => ({
      groupLabel,
      groups,
      channelName,
      environment,
      expected: cells[channelName][environment],
    })),
  ),
);

describe('authorizeAccounts', () => {
  it('covers at least 4 groups × 3 channel policies × 5 environments', () => {
    // Assess
    expect(Object.keys(MATRIX).length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(CHANNELS).length).toBeGreaterThanOrEqual(3);
    expect(ENVIRONMENTS).toHaveLength(5);
    expect(CASES).toHaveLength(
      Object.keys(MATRIX).length * Object.keys(CHANNELS).length * ENVIRONMENTS.length,
    );
  });

  it.each(CASES)('decides $environment for [$groupLabel] in channel $channelName: $expected', (cell) => {
    // Prepare
    const target = ACCOUNTS[cell.environment];

    // Act
    const result = authorizeAccounts({
      groups: cell.groups,
      channelPolicy: CHANNELS[cell.channelName],
      accounts: [target],
    });

    // Assess
    if (cell.expected === '+') {
      expect(result.allowed).toEqual([target]);
      expect(result.refused).toEqual([]);
      return;
    }
    expect(result.allowed).toEqual([]);
    expect(result.refused).toHaveLength(1);
    const [refusal] = result.refused;
    expect(refusal?.account).toBe(target);
    if (cell.expected === '-') {
      expect(refusal?.rule).toBe('group');
      expect(refusal?.reason).toContain(`ops-${cell.environment}-readers`);
    } else {
      expect(refusal?.rule).toBe('channel');
      const policy = CHANNELS[cell.channelName];
      expect(refusal?.reason).toContain(policy ? `channel ${policy.channelId}` : 'no channel policy');
    }
  });

  it('keeps every account in its own verdict when asked for many at once', () => {
    // Act
    const result = authorizeAccounts({
      groups: ['ops-dev-readers', 'ops-staging-readers'],
      channelPolicy: CHANNELS.devOnly,
      accounts: Object.values(ACCOUNTS),
    });

    // Assess
    expect(result.allowed.map((a) => a.environment)).toEqual(['dev']);
    expect(result.refused.map((r) => [r.account.environment, r.rule])).toEqual([
      ['prod', 'group'],
      ['staging', 'channel'],
      ['security', 'group'],
      ['shared', 'group'],
    ]);
  });

  it('refuses a disabled account whatever the groups and channel', () => {
    // Prepare
    const disabled = { ...ACCOUNTS.dev, enabled: false };

    // Act
    const result = authorizeAccounts({
      groups: ['ops-all-readers'],
      channelPolicy: CHANNELS.incident,
      accounts: [disabled],
    });

    // Assess
    expect(result.allowed).toEqual([]);
    expect(result.refused[0]?.rule).toBe('disabled');
  });

  it('refuses everything in a channel whose policy lists no environment', () => {
    // Act
    const result = authorizeAccounts({
      groups: ['ops-all-readers'],
      channelPolicy: channel('C0LOCKED', []),
      accounts: Object.values(ACCOUNTS),
    });

    // Assess
    expect(result.allowed).toEqual([]);
    expect(result.refused.every((r) => r.rule === 'channel' && r.reason.includes('no environment'))).toBe(
      true,
    );
  });
});
