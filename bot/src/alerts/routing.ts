/**
 * Which channels an alert goes to: a pure function of the alert, its account's registry record and
 * the channels' routes (contracts/registry.ts AlertRoute). A channel never receives an account it
 * may not read (its allowedEnvironments), whatever its route says.
 */
import { severityRank } from '#contracts/alert-sources.ts';
import type { Account, AlertRoute, ChannelPolicy } from '#contracts/registry.ts';
import type { Alert } from './alert.ts';

function routesTo(route: AlertRoute, alert: Alert, account: Account): boolean {
  const selected =
    (route.environments?.includes(account.environment) ?? false) ||
    (route.accounts?.includes(account.id) ?? false);
  if (!selected) return false;
  if (route.sources && !route.sources.includes(alert.source)) return false;
  return route.minSeverity === undefined || severityRank(alert.severity) >= severityRank(route.minSeverity);
}

/** The channels `alert` is posted in, in the order given. */
export function routeAlert(
  alert: Alert,
  account: Account,
  channels: readonly ChannelPolicy[],
): ChannelPolicy[] {
  return channels.filter(
    (channel) =>
      channel.alerts !== undefined &&
      channel.allowedEnvironments.includes(account.environment) &&
      routesTo(channel.alerts, alert, account),
  );
}
