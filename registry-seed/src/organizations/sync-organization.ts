/**
 * One sync of the registry with an AWS organization, for the CLI and the scheduled Lambda alike:
 * read the organization, merge it with the rules and the YAML overrides, check identities and
 * channels against the result, seed (diff first, write only what differs, disable rather than
 * delete), then probe the member role in every enabled account.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account, Identity } from '#contracts/registry.ts';
import { RegistryValidationError } from '../errors.ts';
import { channelsWithAccountIds, checkReferences, indexAccounts } from '../parse/cross-checks.ts';
import { type SeedOptions, seedRegistry } from '../seed/seed-registry.ts';
import type { SeedReport } from '../seed/types.ts';
import { partitionOf, type SyncClients } from './clients.ts';
import { type LeftOutAccount, mergeOrganization } from './merge.ts';
import type { OrganizationFiles } from './parse-organization-files.ts';
import { readOrganization } from './read-organization.ts';
import { checkTargetRoles, type RoleCheckOptions, type RoleCheckResult } from './role-check.ts';

export type SyncProgress =
  | { readonly step: 'accounts'; readonly done: number }
  | { readonly step: 'tags' | 'write' | 'roles'; readonly done: number; readonly total: number };

export interface OrganizationSyncOptions {
  readonly files: OrganizationFiles;
  readonly clients: Pick<SyncClients, 'organizations' | 'sts'>;
  readonly documentClient: DynamoDBDocumentClient;
  /** Probe the member role in every enabled account. @default undefined: no probe */
  readonly roleCheck?: Omit<RoleCheckOptions, 'onProgress' | 'partition'>;
  /** How the seed runs (dry run, prune, tables owned, …). @default seedRegistry's defaults */
  readonly seed?: Omit<SeedOptions, 'onProgress'>;
  /** Organizations calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** The identities to seed, e.g. with the Cognito subs users already have. @default identities.yaml's */
  readonly identities?: readonly Identity[];
  readonly onProgress?: (progress: SyncProgress) => void;
}

export interface OrganizationSyncReport {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Accounts the organization listed, Organizations calls by operation, time spent reading. */
  readonly read: {
    readonly accounts: number;
    readonly calls: Readonly<Record<string, number>>;
    readonly durationMs: number;
  };
  /** The registry's accounts as the organization, the rules and accounts.yaml make them. */
  readonly accounts: readonly Account[];
  readonly leftOut: readonly LeftOutAccount[];
  readonly notes: readonly string[];
  readonly seed: SeedReport;
  /** The member-role probe: the enabled accounts where AssumeRole was denied. */
  readonly roles?: Omit<RoleCheckResult, 'missing'> & { readonly missing: readonly Account[] };
  readonly durationMs: number;
}

export async function syncOrganization(options: OrganizationSyncOptions): Promise<OrganizationSyncReport> {
  const startedAt = performance.now();
  const { files, onProgress } = options;
  const snapshot = await readOrganization(options.clients.organizations, {
    concurrency: options.concurrency,
    onProgress: (progress) =>
      onProgress?.(
        progress.step === 'tags'
          ? { step: 'tags', done: progress.done, total: progress.total ?? progress.done }
          : { step: 'accounts', done: progress.done },
      ),
  });
  const readMs = performance.now() - startedAt;

  const merged = mergeOrganization(snapshot.accounts, files);
  const index = indexAccounts(merged.accounts);
  const problems = checkReferences(index, files.references, 'the organization');
  if (problems.length) throw new RegistryValidationError(problems);
  const seed = await seedRegistry(
    options.documentClient,
    {
      accounts: merged.accounts,
      identities: options.identities ?? files.references.identities?.data.identities ?? [],
      channels: channelsWithAccountIds(files.references.channels?.data.channels ?? [], index),
    },
    { ...options.seed, onProgress: (progress) => onProgress?.({ step: 'write', ...progress }) },
  );
  const probe =
    options.roleCheck &&
    (await checkTargetRoles(
      options.clients.sts,
      merged.accounts.filter((account) => account.enabled).map((account) => account.id),
      {
        ...options.roleCheck,
        partition: partitionOf(files.rules.organization.roleArn),
        onProgress: (progress) => onProgress?.({ step: 'roles', ...progress }),
      },
    ));
  const byId = new Map(merged.accounts.map((account) => [account.id, account]));
  const roles = probe && {
    ...probe,
    missing: probe.missing.flatMap((id) => byId.get(id) ?? []),
  };
  return {
    organizationId: snapshot.organizationId,
    managementAccountId: snapshot.managementAccountId,
    read: { accounts: snapshot.accounts.length, calls: snapshot.calls, durationMs: readMs },
    accounts: merged.accounts,
    leftOut: merged.leftOut,
    notes: merged.notes,
    seed,
    ...(roles ? { roles } : {}),
    durationMs: performance.now() - startedAt,
  };
}
