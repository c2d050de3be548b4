import { describe, expect, it } from 'vitest';
import type { Alert } from '#bot/src/alerts/alert.ts';
import { routeAlert } from '#bot/src/alerts/routing.ts';
import type { Account, AlertRoute, ChannelPolicy } from '#contracts/registry.ts';
import { itemToChannel } from '#contracts/registry-items.ts';

const PROD: Account = {
  id: '111111111111',
  name: 'payments-prod',
  aliases: [],
  environment: 'prod',
  regions: ['us-east-1'],
  enabled: true,
  tags: {},
};

const ALERT = { source: 'guardduty', severity: 'high', account: PROD.id } as Alert;

function channel(alerts: AlertRoute | undefined, allowedEnvironments = ['prod']): ChannelPolicy {
  return {
    platform: 'slack',
    workspaceId: 'T0CENTRAL',
    channelId: 'C0X',
    allowedEnvironments,
    ...(alerts ? { alerts } : {}),
  };
}

const takes = (alerts: AlertRoute | undefined, allowed?: string[]) =>
  routeAlert(ALERT, PROD, [channel(alerts, allowed)]).length === 1;

describe('routeAlert', () => {
  it('takes an alert when the route selects its account by environment or id', () => {
    expect(takes({ environments: ['prod'] })).toBe(true);
    expect(takes({ accounts: ['111111111111'] })).toBe(true);
    expect(takes({ environments: ['dev'], accounts: ['222222222222'] })).toBe(false);
  });

  it('gives nothing to a channel without a route, or with alerts: {}', () => {
    expect(takes(undefined)).toBe(false);
    expect(takes({})).toBe(false);
    expect(takes({ sources: ['guardduty'], minSeverity: 'low' })).toBe(false);
  });

  it('filters by source and minimum severity', () => {
    expect(takes({ environments: ['prod'], sources: ['alarm'] })).toBe(false);
    expect(takes({ environments: ['prod'], sources: ['guardduty'] })).toBe(true);
    expect(takes({ environments: ['prod'], minSeverity: 'critical' })).toBe(false);
    expect(takes({ environments: ['prod'], minSeverity: 'high' })).toBe(true);
  });

  it("refuses an account outside the channel's allowed environments, whatever the route says", () => {
    expect(takes({ accounts: ['111111111111'] }, ['dev'])).toBe(false);
  });

  it('reads a malformed stored route as no alerts, never as every alert', () => {
    // Act
    const bad = itemToChannel(
      {
        key: 'k',
        platform: 'slack',
        workspaceId: 'T',
        channelId: 'C',
        allowedEnvironments: ['prod'],
        alerts: { environments: ['prod'], minSeverity: 'urgent' },
      },
      'slack',
    );
    const notAList = itemToChannel(
      {
        key: 'k',
        platform: 'slack',
        workspaceId: 'T',
        channelId: 'C',
        allowedEnvironments: ['prod'],
        alerts: { environments: 'prod' },
      },
      'slack',
    );

    // Assess
    expect(bad.alerts).toBeUndefined();
    expect(routeAlert(ALERT, PROD, [notAList])).toEqual([]);
  });
});
