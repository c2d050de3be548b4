/**
 * AWS Health events (docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html):
 * one thread per event and affected account; a backup copy from another region (same communication
 * id) is a repeat.
 */
import { z } from 'zod';
import type { AlertSeverity } from '#contracts/alert-sources.ts';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';
import { type Alert, bounded, MAX_SUMMARY_CHARS } from '../alert.ts';
import { type Envelope, isoDate, text } from './envelope.ts';

const detail = z.looseObject({
  eventArn: text(1600),
  service: text(128),
  eventTypeCode: text(256),
  eventTypeCategory: z.enum(['issue', 'accountNotification', 'scheduledChange', 'investigation']),
  communicationId: text(256).optional(),
  statusCode: z.enum(['open', 'closed', 'upcoming']).optional(),
  startTime: text(64).optional(),
  lastUpdatedTime: text(64).optional(),
  eventRegion: z.string().max(32).optional(),
  eventDescription: z
    .array(z.looseObject({ language: text(16).optional(), latestDescription: text(20_000) }))
    .max(10)
    .optional(),
  affectedEntities: z
    .array(z.looseObject({ entityValue: text(1600) }))
    .max(1000)
    .optional(),
  affectedAccount: z.string().regex(ACCOUNT_ID).optional(),
});

const SEVERITY: Readonly<Record<z.output<typeof detail>['eventTypeCategory'], AlertSeverity>> = {
  issue: 'high',
  investigation: 'high',
  scheduledChange: 'medium',
  accountNotification: 'low',
};

export function healthAlert(event: Envelope): Alert | undefined {
  const parsed = detail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const health = parsed.data;
  const account = health.affectedAccount ?? event.account;
  const region = health.eventRegion && REGION.test(health.eventRegion) ? health.eventRegion : event.region;
  const description =
    health.eventDescription?.find((row) => row.language === 'en_US') ?? health.eventDescription?.[0];
  const status = health.statusCode ?? 'open';
  const entity = health.affectedEntities?.[0]?.entityValue;
  return {
    source: 'health',
    eventId: event.id,
    dedupeKey: health.communicationId ? `${health.communicationId}#${account}` : event.id,
    senderAccount: event.account,
    account,
    region,
    key: `${health.eventArn}#${account}`,
    title: bounded(`${health.service} ${health.eventTypeCode}`, 255),
    status,
    statusKind: status === 'closed' ? 'resolved' : health.eventTypeCategory === 'issue' ? 'firing' : 'info',
    severity: SEVERITY[health.eventTypeCategory],
    at: isoDate(health.lastUpdatedTime ?? health.startTime, isoDate(event.time, new Date(0).toISOString())),
    summary: bounded(description?.latestDescription ?? '', MAX_SUMMARY_CHARS),
    ...(entity ? { resource: { kind: 'health-entity', id: bounded(entity, 512) } } : {}),
    consoleUrl: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(health.eventArn)}`,
  };
}
