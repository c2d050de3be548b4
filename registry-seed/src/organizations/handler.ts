/**
 * Lambda entry point of the scheduled registry sync. An SQS queue collects the daily schedule's
 * event and the organization's account events; each batch, however many records it holds, runs
 * one sync: the same code as `npm run seed -- --from-organizations --check-roles`, on the accounts
 * table only, with the rules and overrides deployed beside the bundle. The diff goes to the logs
 * and to CloudWatch metrics (EMF); a failed sync throws, so the batch is retried, then dead-lettered.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type Env, readEnv } from '#common/env.ts';
import { messageOf } from '#common/errors.ts';
import type { Account } from '#contracts/registry.ts';
import { SYNC_REGISTRY_DIR } from '#contracts/registry-sync.ts';
import { tableName } from '#contracts/tables.ts';
import { createSyncClients, type SyncClients } from './clients.ts';
import { roleCheckSettings } from './config.ts';
import { describeTrigger } from './events.ts';
import { loadOrganizationDir } from './load-organization-dir.ts';
import type { OrganizationRules } from './rules.ts';
import { type OrganizationSyncReport, syncOrganization } from './sync-organization.ts';

/** Metric namespace and the `service` dimension Powertools adds. */
export const SYNC_METRICS = { namespace: 'CentralOps', service: 'registry-sync' } as const;
/** Accounts listed per category in one log line; the rest are counted (a log event holds 256 KB). */
const LOGGED_ACCOUNTS = 50;

export interface RegistrySyncDependencies {
  /** @default process.env */
  readonly env?: Env;
  /** Where rules.yaml and accounts.yaml are. @default REGISTRY_DIR, else `registry` beside the bundle */
  readonly registryDir?: string;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly documentClient?: DynamoDBDocumentClient;
  /** @default createSyncClients */
  readonly createClients?: (organization: OrganizationRules['organization'], region: string) => SyncClients;
}

export type RegistrySyncHandler = (event: SQSEvent) => Promise<void>;

function capped<T, U>(items: readonly T[], map: (item: T) => U): { count: number; first: U[] } {
  return { count: items.length, first: items.slice(0, LOGGED_ACCOUNTS).map(map) };
}

const brief = (account: Account) => ({
  id: account.id,
  name: account.name,
  environment: account.environment,
  enabled: account.enabled,
});

/** The sync's outcome as one structured log record. */
function summary(report: OrganizationSyncReport) {
  const { accounts } = report.seed;
  return {
    organizationId: report.organizationId,
    accountsRead: report.read.accounts,
    organizationsCalls: report.read.calls,
    durationMs: Math.round(report.durationMs),
    written: report.seed.written,
    added: capped(accounts.added, brief),
    changed: capped(accounts.changed, (change) => ({ ...brief(change.after), fields: change.fields })),
    disabled: capped(accounts.disabled, brief),
    removed: capped(accounts.removed, brief),
    unchanged: accounts.unchanged,
    leftOut: capped(report.leftOut, (account) => account),
    notes: capped(report.notes, (note) => note),
  };
}

export function createRegistrySyncHandler(dependencies: RegistrySyncDependencies = {}): RegistrySyncHandler {
  const env = dependencies.env ?? process.env;
  const read = readEnv(env);
  const region = read.region('us-east-1');
  const registryDir =
    dependencies.registryDir ??
    read.text('REGISTRY_DIR') ??
    join(fileURLToPath(new URL('.', import.meta.url)), SYNC_REGISTRY_DIR);
  const logger = dependencies.logger ?? new Logger({ serviceName: SYNC_METRICS.service });
  const metrics =
    dependencies.metrics ??
    new Metrics({ namespace: SYNC_METRICS.namespace, serviceName: SYNC_METRICS.service });
  const documentClient =
    dependencies.documentClient ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
  const createClients = dependencies.createClients ?? createSyncClients;

  return async (event) => {
    const triggers = (event.Records ?? []).map((record) => describeTrigger(record.body ?? ''));
    logger.info('registry sync started', { triggers: capped(triggers, (trigger) => trigger) });
    let clients: SyncClients | undefined;
    try {
      const files = await loadOrganizationDir(registryDir);
      clients = createClients(files.rules.organization, region);
      const report = await syncOrganization({
        files,
        clients,
        documentClient,
        seed: { tables: ['accounts'], tableNames: { accounts: tableName('accounts', env) } },
        roleCheck: roleCheckSettings(env),
      });
      logger.info('registry sync done', summary(report));
      const roles = report.roles;
      if (roles?.missing.length) {
        logger.warn('target role missing: AssumeRole denied', {
          roleName: roles.roleName,
          accounts: capped(roles.missing, brief),
        });
      }
      if (roles?.failed.length)
        logger.warn('target role not checked', { accounts: capped(roles.failed, (f) => f) });
      const { accounts } = report.seed;
      const count = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Count, value);
      count('AccountsAdded', accounts.added.length);
      count('AccountsChanged', accounts.changed.length);
      count('AccountsDisabled', accounts.disabled.length);
      count('AccountsRemoved', accounts.removed.length);
      count('AccountsUnchanged', accounts.unchanged);
      count('AccountsLeftOut', report.leftOut.length);
      count('TargetRoleMissing', roles?.missing.length ?? 0);
      count('TargetRoleUnchecked', roles?.failed.length ?? 0);
      count(
        'OrganizationsCalls',
        Object.values(report.read.calls).reduce((sum, n) => sum + n, 0),
      );
      count('SyncFailed', 0);
      metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, Math.round(report.durationMs));
    } catch (error) {
      // Name and message only: a cause or stack could carry a request's data.
      logger.error('registry sync failed', {
        error: { name: (error as Error).name, message: messageOf(error) },
      });
      metrics.addMetric('SyncFailed', MetricUnit.Count, 1);
      throw error;
    } finally {
      clients?.destroy();
      metrics.publishStoredMetrics();
    }
  };
}

let defaultHandler: RegistrySyncHandler | undefined;

/** The Lambda entry point: dependencies are built on the first invocation and reused while warm. */
export const handler: RegistrySyncHandler = (event) => {
  defaultHandler ??= createRegistrySyncHandler();
  return defaultHandler(event);
};
