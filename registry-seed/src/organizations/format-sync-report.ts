import { describeAccount, formatSeedReport, list } from '../seed/format-report.ts';
import type { OrganizationSyncReport } from './sync-organization.ts';

/** Calls by operation, the most made first: `ListTagsForResource 12, ListAccountsForParent 10`. */
export function formatCalls(calls: Readonly<Record<string, number>>): string {
  return Object.entries(calls)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([operation, n]) => `${operation} ${n}`)
    .join(', ');
}

/** The sync as people read it: what was read, what was left out and why, the seed's diff, the probe. */
export function formatSyncReport(report: OrganizationSyncReport): string {
  const { read, roles } = report;
  const calls = Object.values(read.calls).reduce((sum, n) => sum + n, 0);
  const lines = [
    `Organization ${report.organizationId} (management account ${report.managementAccountId}): ` +
      `${read.accounts} accounts read in ${(read.durationMs / 1000).toFixed(2)} s with ${calls} Organizations calls (${formatCalls(read.calls)})`,
  ];
  if (report.leftOut.length) {
    lines.push(
      `Left out of the registry: ${report.leftOut.length}`,
      ...list(report.leftOut, (a) => `  - ${a.id} ${a.name} (${a.ouPath}): ${a.reason}`),
    );
  }
  if (report.notes.length) lines.push('Notes:', ...list(report.notes, (note) => `  ${note}`));
  lines.push(formatSeedReport(report.seed));
  if (roles) {
    lines.push(
      `Target role ${roles.roleName}: ${roles.checked} enabled account(s) checked, ` +
        (roles.missing.length
          ? `missing in ${roles.missing.length} (AssumeRole denied):`
          : 'present in every one'),
      ...list(roles.missing, (a) => `  ! ${describeAccount(a)}`),
      ...(roles.failed.length
        ? [
            `  ${roles.failed.length} could not be checked:`,
            ...list(roles.failed, (f) => `    ${f.accountId} (${f.error})`),
          ]
        : []),
    );
  }
  return lines.join('\n');
}
