/**
 * The buttons on an alert's root: Investigate (the alert's facts, for the investigation's commands)
 * and Mute 1h (the channel, from the tap itself). Rendered by each platform's button helpers.
 */
import { type InvestigationFacts, investigate } from '../actions/investigate.ts';
import { mute } from '../actions/mute.ts';
import type { ChatButton } from '../core/chat-action.ts';
import type { Alert } from './alert.ts';

const WORD = /^[^\s]{1,400}$/;

/** What Investigate starts from; a fact that is not one plain word is left out. */
function investigationFacts(alert: Alert): InvestigationFacts {
  const metric = alert.metric;
  const dimension =
    metric &&
    (Object.entries(metric.dimensions).find(([name]) => name === resourceDimension(alert)) ??
      Object.entries(metric.dimensions)[0]);
  const metricSpec = metric
    ? `${metric.namespace}:${metric.name}${dimension ? `:${dimension[0]}=${dimension[1]}` : ''}`
    : undefined;
  const plain = (value: string | undefined) => (value && WORD.test(value) ? value : undefined);
  const facts = {
    a: alert.account,
    r: alert.region,
    m: plain(metricSpec),
    s: metric ? plain(metric.stat) : undefined,
    x:
      alert.resource && alert.resource.kind !== 'health-entity'
        ? plain(alert.resource.id.slice(0, 512))
        : undefined,
    l: plain(alert.logGroup),
  };
  return Object.fromEntries(
    Object.entries(facts).filter(([, value]) => value !== undefined),
  ) as InvestigationFacts;
}

function resourceDimension(alert: Alert): string | undefined {
  const id = alert.resource?.id;
  return Object.entries(alert.metric?.dimensions ?? {}).find(([, value]) => value === id)?.[0];
}

export function alertButtons(alert: Alert): ChatButton[] {
  return [
    investigate.button('🔎 Investigate', investigationFacts(alert), 'primary'),
    mute.button('🔕 Mute 1h', {}),
  ];
}
