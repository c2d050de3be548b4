/**
 * The AWS clients of a sync: Organizations through the role rules.yaml names (assumed, and renewed
 * before it expires, by the SDK's own temporary-credentials provider), STS on the caller's own
 * credentials for the member-role probes. Endpoints come from the SDK's AWS_ENDPOINT_URL_* variables.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ROLE_PROBE_IDENTITY } from './role-check.ts';
import type { OrganizationRules } from './rules.ts';

/** Where each partition homes Organizations: its one endpoint is signed for this region. */
const ORGANIZATIONS_REGIONS: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-northwest-1',
};

/** The partition of an ARN (`aws`, `aws-us-gov`, `aws-cn`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

export interface SyncClients {
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  destroy(): void;
}

/** `region`: the caller's region, where STS is called (regional endpoint). */
export function createSyncClients(
  organization: OrganizationRules['organization'],
  region: string,
): SyncClients {
  const organizations = new OrganizationsClient({
    region: ORGANIZATIONS_REGIONS[partitionOf(organization.roleArn)] ?? 'us-east-1',
    // Organizations allows few requests per second: throttled calls are retried with backoff, often.
    maxAttempts: 10,
    credentials: fromTemporaryCredentials({
      params: {
        RoleArn: organization.roleArn,
        RoleSessionName: ROLE_PROBE_IDENTITY,
        ...(organization.externalId ? { ExternalId: organization.externalId } : {}),
      },
      clientConfig: { region },
    }),
  });
  const sts = new STSClient({ region, maxAttempts: 5 });
  return {
    organizations,
    sts,
    destroy: () => {
      organizations.destroy();
      sts.destroy();
    },
  };
}
