/**
 * The CDK app's settings: read from CDK context (`cdk synth -c key=value` or cdk.json) in one place,
 * with their defaults here. Every value has a default so `npm run synth` works on a fresh clone.
 */
import type { Node } from 'constructs';
import { ConfigError } from '#common/errors.ts';
import { DEFAULT_GUARDDUTY_MIN_SEVERITY, isGuardDutySeverity } from '#contracts/alert-sources.ts';
import { AUDIT_DEFAULTS } from '#contracts/audit.ts';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { DEFAULT_MCP_ENDPOINT, DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';

export interface SamlIdpConfig {
  readonly type: 'saml';
  /** Provider name shown on the Hosted UI. */
  readonly name: string;
  /** URL of the IdP's SAML metadata document. */
  readonly metadataUrl: string;
}

export interface OidcIdpConfig {
  readonly type: 'oidc';
  /** Provider name shown on the Hosted UI. */
  readonly name: string;
  readonly issuerUrl: string;
  readonly clientId: string;
  /** Name of a Secrets Manager secret holding the OIDC client secret (never the secret itself). */
  readonly clientSecretName: string;
}

export type IdpConfig = SamlIdpConfig | OidcIdpConfig;

export interface CentralOpsConfig {
  /** Environment name, part of every resource name (`envName`). @default 'dev' */
  readonly envName: string;
  /** Central account id (`account`). @default undefined: environment-agnostic stacks */
  readonly account: string | undefined;
  /** Region of the central stacks (`region`). @default 'us-east-1' */
  readonly region: string;
  /** Bedrock model or inference profile id the agent may call (`modelId`). @default 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' */
  readonly modelId: string;
  /**
   * AWS Organizations id (`orgId`): the bridge may only assume roles in this organization, and
   * member roles only trust callers from it.
   * @default 'o-exampleorgid' (a placeholder that matches no organization: set it before deploying)
   */
  readonly orgId: string;
  /** Role assumed in every member account (`targetRoleName`). @default DEFAULT_TARGET_ROLE_NAME */
  readonly targetRoleName: string;
  /** ExternalId the bridge passes to AssumeRole (`externalId`). @default undefined: none */
  readonly externalId: string | undefined;
  /**
   * Chat workspaces the bot answers (`allowedWorkspaces`): `slack:<team id>` / `teams:<tenant id>`,
   * a comma list or an array.
   * @default []: the bot refuses every workspace (fail closed)
   */
  readonly allowedWorkspaces: readonly string[];
  /** Optional federation of the user pool to a SAML or OIDC IdP (`idp`). @default undefined */
  readonly idp: IdpConfig | undefined;
  /** Cognito groups to create (`groups`). @default DEFAULT_GROUPS */
  readonly groups: readonly string[];
  /**
   * An SNS topic of the operator's that receives every alarm (`alarmTopicArn`). @default undefined:
   * the observability stack creates `centralops-<envName>-alarms` and every alarm goes there
   */
  readonly alarmTopicArn: string | undefined;
  /** Days an audit record is kept before DynamoDB's TTL removes it (`auditRetentionDays`). @default 400 */
  readonly auditRetentionDays: number;
  /** The AWS MCP Server URL (`mcpEndpoint`). @default DEFAULT_MCP_ENDPOINT */
  readonly mcpEndpoint: string;
  /**
   * The chat platforms' settings by variable, each from its own context key (contracts/chat-platforms.ts
   * `settings`: MICROSOFT_APP_ID from `microsoftAppId`, MICROSOFT_APP_TENANT_ID from
   * `microsoftAppTenantId`, …). @default '' each
   */
  readonly chatSettings: Readonly<Record<string, string>>;
  /** CloudWatch Logs retention of every function, days (`logRetentionDays`). @default 30 */
  readonly logRetentionDays: number;
  /**
   * Reserved concurrency of each public ack function (`ackConcurrency`); the account's unreserved
   * concurrency must stay at 10 or more after it. @default 20
   */
  readonly ackConcurrency: number;
  /**
   * Registry directory (relative to the repository) whose rules.yaml and accounts.yaml overrides
   * the scheduled registry sync is deployed with (`registryDir`).
   * @default SAMPLE_ORGANIZATION_REGISTRY (the sandbox's sample organization: set yours before deploying)
   */
  readonly registryDir: string;
  /**
   * Account whose AWS Organizations events reach the sync (`managementAccountId`).
   * @default undefined: the account of the role rules.yaml names
   */
  readonly managementAccountId: string | undefined;
  /** GuardDuty findings below this severity (1.0–10.0) are not posted (`guardDutyMinSeverity`). @default 7 */
  readonly guardDutyMinSeverity: number;
}

export const DEFAULT_GROUPS = [
  'ops-all-readers',
  'ops-prod-readers',
  'ops-staging-readers',
  'ops-dev-readers',
  'ops-security-readers',
  'ops-shared-readers',
  // Reads the audit (`/ops audit`); grants no account.
  'ops-admins',
] as const;

export const PLACEHOLDER_ORG_ID = 'o-exampleorgid';

/** Default of `registryDir`: the rules of the sandbox's sample organization. */
export const SAMPLE_ORGANIZATION_REGISTRY = 'registry-seed/sample-organization';

/** Reads the app's settings from CDK context, applying the documented defaults. */
export function loadConfig(node: Node): CentralOpsConfig {
  const text = (key: string): string | undefined => {
    const value = node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const config: CentralOpsConfig = {
    envName: text('envName') ?? 'dev',
    account: text('account'),
    region: text('region') ?? 'us-east-1',
    modelId: text('modelId') ?? 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    orgId: text('orgId') ?? PLACEHOLDER_ORG_ID,
    targetRoleName: text('targetRoleName') ?? DEFAULT_TARGET_ROLE_NAME,
    externalId: text('externalId'),
    allowedWorkspaces: list(node.tryGetContext('allowedWorkspaces')) ?? [],
    idp: parseIdp(node.tryGetContext('idp')),
    groups: list(node.tryGetContext('groups')) ?? DEFAULT_GROUPS,
    alarmTopicArn: text('alarmTopicArn'),
    mcpEndpoint: text('mcpEndpoint') ?? DEFAULT_MCP_ENDPOINT,
    chatSettings: Object.fromEntries(
      chatPlatforms().flatMap((platform) =>
        platform.settings.map((setting) => [setting.variable, text(setting.context) ?? '']),
      ),
    ),
    logRetentionDays: Number(text('logRetentionDays') ?? 30),
    auditRetentionDays: Number(text('auditRetentionDays') ?? AUDIT_DEFAULTS.ttlDays),
    ackConcurrency: Number(text('ackConcurrency') ?? 20),
    registryDir: text('registryDir') ?? SAMPLE_ORGANIZATION_REGISTRY,
    managementAccountId: text('managementAccountId'),
    guardDutyMinSeverity: Number(text('guardDutyMinSeverity') ?? DEFAULT_GUARDDUTY_MIN_SEVERITY),
  };
  if (!Number.isFinite(config.auditRetentionDays) || config.auditRetentionDays <= 0) {
    throw new ConfigError(
      `context auditRetentionDays must be a number of days above 0, got ${text('auditRetentionDays')}`,
    );
  }
  if (!isGuardDutySeverity(config.guardDutyMinSeverity)) {
    throw new ConfigError(
      `context guardDutyMinSeverity must be a GuardDuty severity from 1 to 10, got ${text('guardDutyMinSeverity')}`,
    );
  }
  if (!Number.isInteger(config.ackConcurrency) || config.ackConcurrency < 1) {
    throw new ConfigError(
      `context ackConcurrency must be a whole number of 1 or more, got ${text('ackConcurrency')}`,
    );
  }
  // A served platform needs its required settings: without its Entra app, the Teams adapter runs
  // unauthenticated (local mode), and a deployed bot would accept forged activities for the tenant.
  for (const platform of chatPlatforms()) {
    if (!config.allowedWorkspaces.some((entry) => entry.startsWith(`${platform.id}:`))) continue;
    const missing = platform.settings.filter(
      (setting) => setting.requiredWhenServed && !config.chatSettings[setting.variable],
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `allowedWorkspaces lists a ${platform.title} workspace: set ${missing.map((setting) => setting.context).join(' and ')} too`,
      );
    }
  }
  return config;
}

/** Context given on the command line arrives as a string; cdk.json gives arrays and objects. */
function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

function parseIdp(value: unknown): IdpConfig | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let idp: IdpConfig;
  try {
    idp = (typeof value === 'string' ? JSON.parse(value) : value) as IdpConfig;
  } catch (cause) {
    throw new ConfigError('context idp is not valid JSON', { cause });
  }
  const type: unknown = idp.type;
  if (type !== 'saml' && type !== 'oidc') {
    throw new ConfigError(`context idp.type must be 'saml' or 'oidc', got ${JSON.stringify(type)}`);
  }
  return idp;
}

/**
 * What every central stack's name starts with (`CentralOps-prod`), and so every name CloudFormation
 * gives their resources (alarms: `CentralOps-prod-Observability-…`).
 */
export function stackPrefix(config: Pick<CentralOpsConfig, 'envName'>): string {
  return `CentralOps-${config.envName}`;
}

/** The alarm topic the observability stack creates when the operator names none. */
export function alarmTopicName(config: Pick<CentralOpsConfig, 'envName'>): string {
  return `centralops-${config.envName}-alarms`;
}

/** Name of the bridge's role: fixed, because every member account's trust policy names it. */
export function bridgeRoleName(config: Pick<CentralOpsConfig, 'envName'>): string {
  return `centralops-${config.envName}-bridge`;
}

/** Name of the registry sync's role: fixed, because the organization-read role and member roles name it. */
export function registrySyncRoleName(config: Pick<CentralOpsConfig, 'envName'>): string {
  return `centralops-${config.envName}-registry-sync`;
}
