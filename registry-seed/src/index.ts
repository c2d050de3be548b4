import { fileURLToPath } from 'node:url';

export { REGISTRY_FILES } from '#contracts/registry.ts';
export {
  accountToItem,
  channelToItem,
  compareAccounts,
  identityToItem,
  itemToAccount,
} from '#contracts/registry-items.ts';
export type { RegistryProblem } from './errors.ts';
export {
  formatProblem,
  RegistryError,
  RegistrySeedError,
  RegistryValidationError,
} from './errors.ts';
export type { SyncClients } from './organizations/clients.ts';
export { createSyncClients } from './organizations/clients.ts';
export { OrganizationReadError } from './organizations/errors.ts';
export { formatSyncReport } from './organizations/format-sync-report.ts';
export { loadOrganizationDir } from './organizations/load-organization-dir.ts';
export type { LeftOutAccount, MergeResult } from './organizations/merge.ts';
export { mergeOrganization } from './organizations/merge.ts';
export type { AccountOverride, OrganizationFiles } from './organizations/parse-organization-files.ts';
export { parseOrganizationFiles } from './organizations/parse-organization-files.ts';
export type { OrganizationAccount, OrganizationSnapshot } from './organizations/read-organization.ts';
export { readOrganization } from './organizations/read-organization.ts';
export type { RoleCheckResult } from './organizations/role-check.ts';
export { checkTargetRoles } from './organizations/role-check.ts';
export type { OrganizationRules } from './organizations/rules.ts';
export type { OrganizationSyncOptions, OrganizationSyncReport } from './organizations/sync-organization.ts';
export { syncOrganization } from './organizations/sync-organization.ts';
export { loadRegistryDir } from './parse/load-registry-dir.ts';
export type { RegistrySources } from './parse/parse-registry.ts';
export { parseRegistry } from './parse/parse-registry.ts';
export { formatSeedReport } from './seed/format-report.ts';
export { createProgressPrinter } from './seed/progress-printer.ts';
export type { SeedOptions } from './seed/seed-registry.ts';
export { seedRegistry } from './seed/seed-registry.ts';
export type {
  AccountChange,
  AccountDiff,
  RecordChange,
  RecordDiff,
  SeedProgress,
  SeedReport,
} from './seed/types.ts';
export type { Registry } from './types.ts';

/** The sample org of the local sandbox (registry-seed/sample). */
export const SAMPLE_REGISTRY_DIR = fileURLToPath(new URL('../sample', import.meta.url));

/** Rules and overrides for the sandbox's sample AWS organization (registry-seed/sample-organization). */
export const SAMPLE_ORGANIZATION_REGISTRY_DIR = fileURLToPath(
  new URL('../sample-organization', import.meta.url),
);
