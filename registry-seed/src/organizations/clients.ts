/**
 * The AWS clients of a sync: Organizations through the role rules.yaml names (assumed, and renewed
 * before it expires, by the SDK's own temporary-credentials provider), STS on the caller's own
 * credentials for the member-role probes. Endpoints come from the SDK's AWS_ENDPOINT_URL_* variables.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ROLE_PROBE_IDENTITY } from '#contracts/registry-sync.ts';
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

/** For callers in the same process as a sandbox (the local stack, benches): no environment to read. */
export interface ExplicitClientConfig {
  readonly credentials: AwsCredentialIdentity;
  readonly endpoints: { readonly organizations: string; readonly sts: string };
}

/**
 * `region`: the caller's region, where STS is called (regional endpoint). Credentials and
 * endpoints come from the SDK's environment unless `explicit` gives them.
 */
export function createSyncClients(
  organization: OrganizationRules['organization'],
  region: string,
  explicit?: ExplicitClientConfig,
): SyncClients {
  const stsConfig = explicit ? { endpoint: explicit.endpoints.sts, credentials: explicit.credentials } : {};
  const organizations = new OrganizationsClient({
    region: ORGANIZATIONS_REGIONS[partitionOf(organization.roleArn)] ?? 'us-east-1',
    ...(explicit ? { endpoint: explicit.endpoints.organizations } : {}),
    // Organizations allows few requests per second: throttled calls are retried with backoff, often.
    maxAttempts: 10,
    credentials: fromTemporaryCredentials({
      params: {
        RoleArn: organization.roleArn,
        RoleSessionName: ROLE_PROBE_IDENTITY,
        ...(organization.externalId ? { ExternalId: organization.externalId } : {}),
      },
      clientConfig: { region, ...stsConfig },
    }),
  });
  const sts = new STSClient({ region, maxAttempts: 5, ...stsConfig });
  return {
    organizations,
    sts,
    destroy: () => {
      organizations.destroy();
      sts.destroy();
    },
  };
}
