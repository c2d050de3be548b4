/**
 * GuardDuty findings (docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html;
 * the detail is one finding as GetFindings returns it): one thread per finding, its updates in it.
 */
import { z } from 'zod';
import type { AlertSeverity } from '#contracts/alert-sources.ts';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';
import { type Alert, type AlertResource, bounded, MAX_SUMMARY_CHARS } from '../alert.ts';
import { consoleHost, type Envelope, isoDate, text } from './envelope.ts';

const detail = z.looseObject({
  accountId: z.string().regex(ACCOUNT_ID),
  region: z.string().regex(REGION).optional(),
  id: text(256),
  arn: text(2048).optional(),
  type: text(256),
  title: text(1024).optional(),
  description: text(4096).optional(),
  severity: z.number().min(0).max(10),
  updatedAt: text(64).optional(),
  resource: z
    .looseObject({
      resourceType: text(128).optional(),
      instanceDetails: z.looseObject({ instanceId: text(64).optional() }).optional(),
      accessKeyDetails: z.looseObject({ userName: text(128).optional() }).optional(),
    })
    .optional(),
  service: z
    .looseObject({ archived: z.boolean().optional(), count: z.union([z.number(), z.string()]).optional() })
    .optional(),
});

/** GuardDuty's own bands: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0. */
function guardDutySeverity(score: number): AlertSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

export function guardDutyAlert(event: Envelope): Alert | undefined {
  const parsed = detail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const finding = parsed.data;
  const region = finding.region ?? event.region;
  const archived = finding.service?.archived === true;
  return {
    source: 'guardduty',
    eventId: event.id,
    dedupeKey: event.id,
    senderAccount: event.account,
    account: finding.accountId,
    region,
    key: finding.arn ?? `guardduty/${finding.accountId}/${region}/${finding.id}`,
    title: bounded(finding.title ?? finding.type, 255),
    status: archived ? 'ARCHIVED' : 'ACTIVE',
    statusKind: archived ? 'resolved' : 'firing',
    severity: guardDutySeverity(finding.severity),
    score: finding.severity,
    at: isoDate(finding.updatedAt, isoDate(event.time, new Date(0).toISOString())),
    summary: bounded(finding.description ?? finding.type, MAX_SUMMARY_CHARS),
    ...resourceOf(finding.resource),
    consoleUrl: `${consoleHost(region)}/guardduty/home?region=${region}#/findings?search=id%3D${encodeURIComponent(finding.id)}`,
  };
}

function resourceOf(resource: z.output<typeof detail>['resource']): { resource?: AlertResource } {
  if (resource?.instanceDetails?.instanceId)
    return { resource: { kind: 'ec2-instance', id: resource.instanceDetails.instanceId } };
  if (resource?.accessKeyDetails?.userName)
    return { resource: { kind: 'iam-user', id: resource.accessKeyDetails.userName } };
  return {};
}
