/**
 * Security Hub Findings - Imported (docs.aws.amazon.com/securityhub/latest/userguide/
 * securityhub-cwe-event-formats.html; each finding in ASFF): one thread per finding, HIGH and
 * CRITICAL only. One event may carry several findings.
 */
import { z } from 'zod';
import type { AlertSeverity } from '#contracts/alert-sources.ts';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';
import { type Alert, bounded, MAX_SUMMARY_CHARS } from '../alert.ts';
import { consoleHost, type Envelope, isoDate, text } from './envelope.ts';

const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

const finding = z.looseObject({
  Id: text(512),
  AwsAccountId: z.string().regex(ACCOUNT_ID),
  Region: z.string().regex(REGION).optional(),
  Title: text(256),
  Description: text(1024).optional(),
  UpdatedAt: text(64).optional(),
  Severity: z.looseObject({ Label: z.enum(LABELS) }),
  Resources: z
    .array(z.looseObject({ Type: text(256), Id: text(512) }))
    .max(32)
    .optional(),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
  Workflow: z.looseObject({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }).optional(),
});

const detail = z.looseObject({ findings: z.array(z.unknown()).min(1).max(100) });

const SEVERITY: Readonly<Record<(typeof LABELS)[number], AlertSeverity>> = {
  INFORMATIONAL: 'low',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

/** One alert per well-formed finding; a malformed finding is left out, its neighbours kept. */
export function securityHubAlerts(event: Envelope): Alert[] {
  const parsed = detail.safeParse(event.detail);
  if (!parsed.success) return [];
  return parsed.data.findings.flatMap((raw, index) => {
    const result = finding.safeParse(raw);
    if (!result.success) return [];
    const f = result.data;
    const region = f.Region ?? event.region;
    const resolved =
      f.RecordState === 'ARCHIVED' ||
      f.Workflow?.Status === 'RESOLVED' ||
      f.Workflow?.Status === 'SUPPRESSED';
    const status = f.RecordState === 'ARCHIVED' ? 'ARCHIVED' : (f.Workflow?.Status ?? 'NEW');
    const resource = f.Resources?.[0];
    const eventId = parsed.data.findings.length > 1 ? `${event.id}#${index}` : event.id;
    return [
      {
        source: 'securityhub' as const,
        eventId,
        dedupeKey: eventId,
        senderAccount: event.account,
        account: f.AwsAccountId,
        region,
        key: f.Id,
        title: bounded(f.Title, 255),
        status,
        statusKind: resolved ? ('resolved' as const) : ('firing' as const),
        severity: SEVERITY[f.Severity.Label],
        at: isoDate(f.UpdatedAt, isoDate(event.time, new Date(0).toISOString())),
        summary: bounded(f.Description ?? '', MAX_SUMMARY_CHARS),
        ...(resource ? { resource: { kind: resourceKind(resource.Type), id: resource.Id } } : {}),
        consoleUrl: `${consoleHost(region)}/securityhub/home?region=${region}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${encodeURIComponent(f.Id)}`,
      },
    ];
  });
}

/** ASFF resource types as the investigation names them (`AwsEc2Instance` → `ec2-instance`). */
function resourceKind(type: string): string {
  return type
    .replace(/^Aws/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}
