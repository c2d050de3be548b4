import type { Account } from '#contracts/registry.ts';
import type { RecordDiff, SeedReport } from './types.ts';

/** Lines listed per category before the rest is only counted (5,000 added accounts stay readable). */
const MAX_LINES = 20;

export function list<T>(items: readonly T[], line: (item: T) => string): string[] {
  const shown = items.slice(0, MAX_LINES).map(line);
  if (items.length > MAX_LINES) shown.push(`    … and ${items.length - MAX_LINES} more`);
  return shown;
}

export const describeAccount = (account: Account) => `${account.id} ${account.name} (${account.environment})`;

function records(title: string, diff: RecordDiff, dryRun: boolean): string[] {
  return [
    `${title}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged`,
    ...list(diff.added, (key) => `  + ${key}`),
    ...list(diff.changed, (change) => `  ~ ${change.key} (${change.fields.join(', ')})`),
    ...list(diff.removed, (key) => `  - ${key}`),
    ...(diff.notInFile.length
      ? [
          `  ${diff.notInFile.length} not in the files, ${dryRun ? 'would be kept' : 'kept'} (--prune removes them):`,
          ...list(diff.notInFile, (key) => `    ${key}`),
        ]
      : []),
  ];
}

/** The diff as people read it: one summary line per table, then one line per record that moves. */
export function formatSeedReport(report: SeedReport): string {
  const { accounts } = report;
  const lines = [
    `Accounts: ${accounts.added.length} added, ${accounts.changed.length} changed, ${accounts.disabled.length} disabled, ${accounts.removed.length} removed, ${accounts.unchanged} unchanged`,
    ...list(accounts.added, (a) => `  + ${describeAccount(a)}${a.enabled ? '' : ' disabled'}`),
    ...list(accounts.changed, (c) => `  ~ ${describeAccount(c.after)} (${c.fields.join(', ')})`),
    ...list(accounts.disabled, (a) => `  ! ${describeAccount(a)} disabled`),
    ...list(accounts.removed, (a) => `  - ${describeAccount(a)} removed`),
    ...records('Identities', report.identities, report.dryRun),
    ...records('Channels', report.channels, report.dryRun),
  ];
  const seconds = (report.durationMs / 1000).toFixed(2);
  if (report.dryRun) {
    lines.push('Dry run: nothing written.');
  } else if (!report.written) {
    lines.push(`Nothing to write: the tables already match (${seconds} s).`);
  } else {
    const retried = report.retries ? `, ${report.retries} unprocessed batch(es) retried` : '';
    lines.push(`Wrote ${report.written} item(s) in ${seconds} s${retried}.`);
  }
  return lines.join('\n');
}
