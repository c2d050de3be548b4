/** The registry's records as the tables hold them; every part of CentralOps reads these shapes. */
import type { AlertSeverity, AlertSourceId } from './alert-sources.ts';
import type { ChatPlatformId } from './chat-platforms.ts';

/**
 * The registry's file names inside a registry directory: registry-seed reads them, infra/ deploys
 * the registry sync's beside its bundle.
 */
export const REGISTRY_FILES = {
  accounts: 'accounts.yaml',
  identities: 'identities.yaml',
  channels: 'channels.yaml',
  /** Present when the accounts follow an AWS organization (accounts.yaml then holds overrides). */
  rules: 'rules.yaml',
} as const;

export type RegistryFileKind = keyof typeof REGISTRY_FILES;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An AWS region code (`us-east-1`, `ap-southeast-2`). */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface Account {
  /** 12-digit AWS account id (ACCOUNT_ID). */
  readonly id: string;
  readonly name: string;
  /** Lower-case names it answers to besides `name` (e.g. `prod`, `payments-prod`). */
  readonly aliases: readonly string[];
  /** prod, staging, dev, security, shared, ... */
  readonly environment: string;
  /** Regions queried when the question names none. */
  readonly regions: readonly string[];
  readonly enabled: boolean;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Identity {
  readonly platform: ChatPlatformId;
  /** Slack team id or Teams tenant id. */
  readonly workspaceId: string;
  /** Slack user id or Teams `aadObjectId`. */
  readonly userId: string;
  readonly cognitoUsername: string;
  /** The Cognito `sub`; known once the user exists in the pool (set by seeding or linking). */
  readonly cognitoSub?: string;
  /** Groups an admin pre-approved at seeding; Cognito stays the source of truth at request time. */
  readonly groups?: readonly string[];
}

export interface ChannelPolicy {
  readonly platform: ChatPlatformId;
  readonly workspaceId: string;
  readonly channelId: string;
  /** Guardrail: environments this channel may read, whatever the asker's groups. */
  readonly allowedEnvironments: readonly string[];
  /** Account (id or name) used when a question in this channel names none. */
  readonly defaultAccount?: string;
  /** Who last set it from chat (`/ops channel …`): their CentralOps (Cognito) username. */
  readonly updatedBy?: string;
  /** When they did, ISO 8601. */
  readonly updatedAt?: string;
  /** Which alerts are posted here; absent: none. */
  readonly alerts?: AlertRoute;
}

/**
 * A channel's alert routing (`alerts:` in channels.yaml). An alert is posted when its account is
 * selected (its environment is in `environments` or its id in `accounts`; neither given selects no
 * account, so `alerts: {}` gets nothing), its source is in `sources` (absent: every source) and its
 * severity is at least `minSeverity` (absent: every severity). Only accounts of the channel's
 * allowed environments are ever posted.
 */
export interface AlertRoute {
  readonly environments?: readonly string[];
  /** Account ids (seeding resolves the names and aliases channels.yaml may give). */
  readonly accounts?: readonly string[];
  readonly sources?: readonly AlertSourceId[];
  readonly minSeverity?: AlertSeverity;
}

/** `payments-prod (111111111111, prod)`: how an account is named in answers and refusals. */
export function accountLabel(account: Account): string {
  return `${account.name} (${account.id}, ${account.environment})`;
}

export function identityKey(platform: ChatPlatformId, workspaceId: string, userId: string): string {
  return `${platform}#${workspaceId}#${userId}`;
}

export function channelKey(platform: ChatPlatformId, workspaceId: string, channelId: string): string {
  return `${platform}#${workspaceId}#${channelId}`;
}

/** How answers order environments: production first, the rest after in this order, unknown ones by name. */
export const ENVIRONMENT_RANK = ['prod', 'staging', 'dev', 'security', 'shared'] as const;

export function compareEnvironments(a: string, b: string): number {
  const rank = (environment: string) => {
    const index = (ENVIRONMENT_RANK as readonly string[]).indexOf(environment);
    return index < 0 ? ENVIRONMENT_RANK.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The order of accounts in an answer, whatever order their results came in: environment rank, then name. */
export function compareAccountsForAnswer(
  a: { readonly environment: string; readonly name: string; readonly id: string },
  b: { readonly environment: string; readonly name: string; readonly id: string },
): number {
  return (
    compareEnvironments(a.environment, b.environment) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
