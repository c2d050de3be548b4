/**
 * The local stack's registry from the sandbox's organization: the sync `npm run seed --
 * --from-organizations --check-roles` runs, in process, signed with the sandbox's central keys.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';
import type { Identity } from '#contracts/registry.ts';
import { createSyncClients } from '#registry-seed/src/organizations/clients.ts';
import type { OrganizationFiles } from '#registry-seed/src/organizations/parse-organization-files.ts';
import {
  type OrganizationSyncReport,
  syncOrganization,
} from '#registry-seed/src/organizations/sync-organization.ts';
import type { SeedProgress } from '#registry-seed/src/seed/types.ts';
import type { SandboxAws } from '../sandbox-aws/index.ts';

export interface OrganizationSeedOptions {
  readonly sandbox: SandboxAws;
  readonly files: OrganizationFiles;
  /** The identities to seed (identities.yaml's, with the Cognito subs of the local pool). */
  readonly identities: readonly Identity[];
  readonly documentClient: DynamoDBDocumentClient;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export async function seedFromOrganization(
  options: OrganizationSeedOptions,
): Promise<OrganizationSyncReport> {
  const { sandbox, files } = options;
  const clients = createSyncClients(files.rules.organization, sandbox.env.AWS_REGION ?? 'us-east-1', {
    credentials: sandbox.centralCredentials,
    endpoints: { organizations: sandbox.url, sts: sandbox.stsEndpoint },
  });
  try {
    return await syncOrganization({
      files,
      identities: options.identities,
      clients,
      documentClient: options.documentClient,
      roleCheck: { roleName: DEFAULT_TARGET_ROLE_NAME },
      onProgress: (progress) => {
        if (progress.step === 'write') options.onProgress?.(progress);
      },
    });
  } finally {
    clients.destroy();
  }
}
