/**
 * `npm run seed -- --from-organizations …`: the seeding CLI's path for a registry that follows an
 * AWS organization (cli.ts parses the options and hands over here).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageOf } from '#common/errors.ts';
import type { CliIo } from '../cli-io.ts';
import { formatProblem, RegistryValidationError } from '../errors.ts';
import { createProgressPrinter, type ProgressLine } from '../seed/progress-printer.ts';
import type { SeedOptions } from '../seed/seed-registry.ts';
import { createSyncClients } from './clients.ts';
import { roleCheckSettings } from './config.ts';
import { formatSyncReport } from './format-sync-report.ts';
import { loadOrganizationDir } from './load-organization-dir.ts';
import { type SyncProgress, syncOrganization } from './sync-organization.ts';

export interface OrganizationCliOptions {
  readonly dir: string;
  /** @default `<dir>/rules.yaml` */
  readonly rulesFile?: string;
  /** Where STS is called and the tables are. */
  readonly region: string;
  /** Probe the member role (TARGET_ROLE_NAME, EXTERNAL_ID) in every enabled account. */
  readonly checkRoles: boolean;
  readonly seed: Pick<SeedOptions, 'dryRun' | 'prune' | 'tableNames'>;
}

/** What each long step prints; the tree walk is quick and has no total to show. */
function progressLine(progress: SyncProgress): ProgressLine | undefined {
  switch (progress.step) {
    case 'tags':
      return { ...progress, label: 'Reading the tags of', noun: 'account(s)' };
    case 'roles':
      return { ...progress, label: 'Checking the target role in', noun: 'account(s)' };
    case 'write':
      return progress;
    default:
      return undefined;
  }
}

/** Resolves to the exit code: 0 synced (or nothing to do), 1 invalid files or a failed read or write. */
export async function syncFromOrganizations(
  options: OrganizationCliOptions,
  documentClient: DynamoDBDocumentClient,
  io: CliIo,
): Promise<number> {
  let files: Awaited<ReturnType<typeof loadOrganizationDir>>;
  try {
    files = await loadOrganizationDir(options.dir, { rulesFile: options.rulesFile });
  } catch (error) {
    if (!(error instanceof RegistryValidationError)) throw error;
    io.stderr.write(`Registry ${options.dir} is invalid, nothing read or written:\n`);
    for (const problem of error.problems) io.stderr.write(`  ${formatProblem(problem)}\n`);
    return 1;
  }
  const { identities, channels } = files.references;
  io.stdout.write(
    `Registry ${options.dir}: accounts from the organization read by ${files.rules.organization.roleArn}, ` +
      `${files.overrides.length} override(s), ${identities?.data.identities.length ?? 0} identities, ${channels?.data.channels.length ?? 0} channels\n`,
  );
  const clients = createSyncClients(files.rules.organization, options.region);
  const progress = createProgressPrinter({ stream: io.stderr });
  try {
    const report = await syncOrganization({
      files,
      clients,
      documentClient,
      seed: options.seed,
      ...(options.checkRoles ? { roleCheck: roleCheckSettings(io.env) } : {}),
      onProgress: (step) => {
        const line = progressLine(step);
        if (line) progress.onProgress(line);
      },
    });
    progress.finish();
    io.stdout.write(`${formatSyncReport(report)}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    if (error instanceof RegistryValidationError) {
      io.stderr.write(`Registry ${options.dir} does not fit the organization, nothing written:\n`);
      for (const problem of error.problems) io.stderr.write(`  ${formatProblem(problem)}\n`);
      return 1;
    }
    const [message, cause] = [messageOf(error), (error as Error).cause];
    const why = cause === undefined ? '' : messageOf(cause);
    io.stderr.write(`Sync failed: ${message}${why && !message.includes(why) ? ` (${why})` : ''}\n`);
    return 1;
  } finally {
    clients.destroy();
  }
}
