/**
 * `npm run seed -- [--dry-run] [--file dir] [--prune] [--region r]`: validate the registry files,
 * print the diff against the tables, write it. With `--from-organizations` the accounts come from
 * an AWS organization, merged with the YAML (organizations/sync-cli.ts). Tables come from the
 * *_TABLE variables and the endpoint from the SDK's own AWS_ENDPOINT_URL_DYNAMODB.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { messageOf } from '#common/errors.ts';
import { tableName } from '#contracts/tables.ts';
import type { CliIo } from './cli-io.ts';
import { formatProblem, RegistryValidationError } from './errors.ts';
import { SAMPLE_ORGANIZATION_REGISTRY_DIR, SAMPLE_REGISTRY_DIR } from './index.ts';
import { syncFromOrganizations } from './organizations/sync-cli.ts';
import { loadRegistryDir } from './parse/load-registry-dir.ts';
import { formatSeedReport } from './seed/format-report.ts';
import { createProgressPrinter } from './seed/progress-printer.ts';
import { seedRegistry } from './seed/seed-registry.ts';

const USAGE = `Usage: npm run seed -- [--dry-run] [--file dir] [--prune] [--region r]
       npm run seed -- --from-organizations [--rules rules.yaml] [--check-roles] [the options above]

  --file dir            registry directory with accounts.yaml, identities.yaml, channels.yaml
                        (default: the sample, registry-seed/sample, or with --from-organizations
                        registry-seed/sample-organization)
  --dry-run             validate and print the diff, write nothing
  --prune               delete what the files no longer list (default: disable missing accounts, keep the rest)
  --region r            AWS region of the tables and of STS (default: AWS_REGION)
  --from-organizations  accounts from the AWS organization, read through the role rules.yaml names,
                        merged with accounts.yaml (overrides: what it says of an account wins)
  --rules file          the rules (default: rules.yaml in the registry directory)
  --check-roles         assume TARGET_ROLE_NAME (default CentralOpsTargetRole) in every enabled
                        account and list those where it is denied (EXTERNAL_ID when set)

Tables: ACCOUNTS_TABLE, IDENTITIES_TABLE, CHANNELS_TABLE. Endpoints: AWS_ENDPOINT_URL_DYNAMODB,
AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_STS.`;

/** Runs the CLI; resolves to the exit code (0 done, 1 invalid registry or failed write, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: {
    'dry-run'?: boolean;
    prune?: boolean;
    file?: string;
    region?: string;
    help?: boolean;
    'from-organizations'?: boolean;
    rules?: string;
    'check-roles'?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'dry-run': { type: 'boolean' },
        prune: { type: 'boolean' },
        file: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'from-organizations': { type: 'boolean' },
        rules: { type: 'string' },
        'check-roles': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`${messageOf(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const fromOrganizations = values['from-organizations'] ?? false;
  if (!fromOrganizations && (values.rules !== undefined || values['check-roles'])) {
    io.stderr.write(`--rules and --check-roles go with --from-organizations.\n\n${USAGE}\n`);
    return 2;
  }
  const dir = values.file ?? (fromOrganizations ? SAMPLE_ORGANIZATION_REGISTRY_DIR : SAMPLE_REGISTRY_DIR);
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) {
    io.stderr.write('No region: pass --region us-east-1 or set AWS_REGION.\n');
    return 2;
  }
  const seed = {
    dryRun: values['dry-run'],
    prune: values.prune,
    tableNames: {
      accounts: tableName('accounts', io.env),
      identities: tableName('identities', io.env),
      channels: tableName('channels', io.env),
    },
  };
  if (fromOrganizations) {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
    try {
      const options = {
        dir,
        rulesFile: values.rules,
        region,
        checkRoles: values['check-roles'] ?? false,
        seed,
      };
      return await syncFromOrganizations(options, client, io);
    } finally {
      client.destroy();
    }
  }

  let registry: Awaited<ReturnType<typeof loadRegistryDir>>;
  try {
    registry = await loadRegistryDir(dir);
  } catch (error) {
    if (!(error instanceof RegistryValidationError)) throw error;
    io.stderr.write(`Registry ${dir} is invalid, nothing written:\n`);
    for (const problem of error.problems) io.stderr.write(`  ${formatProblem(problem)}\n`);
    return 1;
  }
  io.stdout.write(
    `Registry ${dir}: ${registry.accounts.length} accounts, ${registry.identities.length} identities, ${registry.channels.length} channels\n`,
  );

  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
  const progress = createProgressPrinter({ stream: io.stderr });
  try {
    const report = await seedRegistry(client, registry, { ...seed, onProgress: progress.onProgress });
    progress.finish();
    io.stdout.write(`${formatSeedReport(report)}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    const cause = (error as Error).cause;
    io.stderr.write(`Seeding failed: ${messageOf(error)}${cause ? ` (${messageOf(cause)})` : ''}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}
