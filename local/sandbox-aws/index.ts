/**
 * The sandbox AWS: STS, Secrets Manager, Organizations and an AWS MCP Server look-alike on one
 * loopback HTTP server, for tests, benches and `npm start`. See docs/sandbox.md.
 */
import { ACCOUNT_ID } from '#contracts/registry.ts';
import { CredentialStore } from './credentials.ts';
import { Dataset } from './dataset.ts';
import { FaultPlan } from './faults.ts';
import { LogsQueryStore } from './logs-queries.ts';
import { handleMcp } from './mcp.ts';
import { SandboxOrganization } from './organization-tree.ts';
import { ANY_OPERATION, handleOrganizations } from './organizations.ts';
import { handleSecretsManager } from './secrets-manager.ts';
import { listen } from './server.ts';
import { handleSts } from './sts.ts';
import { TOOL_NAMES } from './tools.ts';
import type { ResponseMode, SandboxAccountOptions, SandboxAws, SandboxAwsOptions } from './types.ts';

export { PLANTED_SECRET_FUNCTION } from './dataset.ts';
export { TOOL_DEFINITIONS, TOOL_NAMES } from './tools.ts';
export type {
  FaultKind,
  McpCallRecord,
  OrganizationsCallRecord,
  RegionData,
  ResponseMode,
  SandboxAccountData,
  SandboxAccountOptions,
  SandboxAccountState,
  SandboxAws,
  SandboxAwsOptions,
  SandboxOrganizationAccount,
  SandboxOrganizationControls,
  SandboxOrganizationOptions,
  StsCallRecord,
  StsFaultCode,
} from './types.ts';

export async function startSandboxAws(options: SandboxAwsOptions): Promise<SandboxAws> {
  const roleName = options.roleName ?? 'CentralOpsTargetRole';
  const centralAccountId = options.centralAccountId ?? '999999999999';
  const seed = options.seed ?? 1;
  const maxSessionDurationSeconds = options.maxSessionDurationSeconds ?? 3600;
  const timeoutHoldMs = options.timeoutHoldMs ?? 20_000;
  const now = options.now ?? Date.now;
  let responseMode: ResponseMode = options.responseMode ?? 'auto';

  const organization = options.organization && new SandboxOrganization(options.organization);
  const accounts = new Map<string, SandboxAccountOptions>();
  const missingTargetRoles = new Set<string>();
  // The organization's members are member accounts too (its management account is not: no StackSet reaches it).
  for (const account of options.organization?.accounts ?? []) {
    if (account.id !== organization?.managementAccountId) accounts.set(account.id, account);
    if (account.targetRoleMissing) missingTargetRoles.add(account.id);
  }
  for (const account of options.accounts) {
    if (!ACCOUNT_ID.test(account.id))
      throw new RangeError(`account id must be 12 digits, got '${account.id}'`);
    accounts.set(account.id, account);
  }
  // A member role exists where the sandbox holds the account, the StackSet reached it, and the
  // account still works; the organization-read role in the management account and delegated admins.
  const mayAssume = (accountId: string, role: string): boolean => {
    if (organization && role === organization.readRoleName) return organization.isAdministrator(accountId);
    const state = organization?.account(accountId)?.state;
    return (
      role === roleName &&
      accounts.has(accountId) &&
      !missingTargetRoles.has(accountId) &&
      (state === undefined || state === 'ACTIVE')
    );
  };
  const store = new CredentialStore(centralAccountId);
  const dataset = new Dataset(accounts, { seed, roleName });
  const faults = new FaultPlan();
  const organizationFaults = new FaultPlan();
  const calls: SandboxAws['calls'] = { sts: [], mcp: [], secretsManager: [], organizations: [] };
  const secrets = new Map<string, string | undefined>();
  const region = 'us-east-1';
  const sessions = new Set<string>();
  const queries = new LogsQueryStore();

  const server = await listen({
    sts: (request) =>
      handleSts(
        {
          store,
          mayAssume,
          maxSessionDurationSeconds,
          now,
          calls: calls.sts,
          faults,
          ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
        },
        request,
      ),
    mcp: (request) =>
      handleMcp(
        {
          store,
          faults,
          calls: calls.mcp,
          sessions,
          responseMode: () => responseMode,
          timeoutHoldMs,
          tools: new Set(options.tools ?? Object.values(TOOL_NAMES)),
          dataset,
          now,
          queries,
        },
        request,
      ),
    secretsManager: (request) =>
      handleSecretsManager({ store, region, secrets, calls: calls.secretsManager, now }, request),
    organizations: (request) =>
      handleOrganizations(
        { store, organization, faults: organizationFaults, calls: calls.organizations, now },
        request,
      ),
  });
  const mcpEndpoint = `${server.url}/mcp`;
  return {
    url: server.url,
    stsEndpoint: server.url,
    mcpEndpoint,
    centralAccountId,
    centralCredentials: {
      accessKeyId: store.central.accessKeyId,
      secretAccessKey: store.central.secretAccessKey,
    },
    env: {
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: server.url,
      AWS_MCP_ENDPOINT: mcpEndpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: store.central.accessKeyId,
      AWS_SECRET_ACCESS_KEY: store.central.secretAccessKey,
    },
    calls,
    organization,
    organizationReadRoleArn:
      organization && `arn:aws:iam::${organization.managementAccountId}:role/${organization.readRoleName}`,
    setTargetRoleMissing: (accountId, missing = true) => {
      if (missing) missingTargetRoles.add(accountId);
      else missingTargetRoles.delete(accountId);
    },
    setOrganizationsLatency: (ms) => organizationFaults.setLatency(ms),
    injectOrganizationsFault: (fault, times, operation) =>
      organizationFaults.inject(operation ?? ANY_OPERATION, fault, times),
    putSecret: (name, value) => {
      secrets.set(name, value);
    },
    setLatency: (ms, accountId) => faults.setLatency(ms, accountId),
    setHandshakeLatency: (ms) => faults.setHandshakeLatency(ms),
    injectFault: (accountId, fault, times) => faults.inject(accountId, fault, times),
    injectStsFault: (accountId, code, times) => faults.injectSts(accountId, code, times),
    setStsRateLimit: (perSecond) => faults.setStsRateLimit(perSecond),
    clearFaults: () => {
      faults.clear();
      organizationFaults.clear();
    },
    holding: (count) => faults.holding(count),
    setResponseMode: (mode) => {
      responseMode = mode;
    },
    resetCalls: () => {
      calls.sts.length = 0;
      calls.mcp.length = 0;
      calls.secretsManager.length = 0;
      calls.organizations.length = 0;
    },
    dataset: (accountId) => dataset.account(accountId),
    stop: async () => {
      faults.releaseAll();
      organizationFaults.releaseAll();
      // Released answers are written on the next turn of the event loop; close after them.
      await new Promise((resolve) => setImmediate(resolve));
      await server.close();
    },
  };
}

/**
 * `count` generated member accounts for benches: ids 100000000000 upwards, names
 * `bench-<n>`, alternating us-east-1 and us-east-1 + us-west-2.
 */
export function sandboxAccounts(count: number): SandboxAccountOptions[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(100_000_000_000 + i),
    name: `bench-${i + 1}`,
    regions: i % 2 === 0 ? ['us-east-1'] : ['us-east-1', 'us-west-2'],
  }));
}
