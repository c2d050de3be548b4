/**
 * The registry's records as DynamoDB items (document-client form) and back. Seeding writes with
 * these and every reader parses with them, so the stored shape is defined once.
 */
import { isAlertSeverity, isAlertSourceId } from './alert-sources.ts';
import type { ChatPlatformId } from './chat-platforms.ts';
import {
  type Account,
  type AlertRoute,
  type ChannelPolicy,
  channelKey,
  type Identity,
  identityKey,
} from './registry.ts';

export type Item = Record<string, unknown>;

/** Drops undefined fields: the caller's document client may not set `removeUndefinedValues`. */
function compact<T extends Item>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as T;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function accountToItem(account: Account): Item {
  return compact({
    id: account.id,
    name: account.name,
    aliases: [...account.aliases],
    environment: account.environment,
    regions: [...account.regions],
    enabled: account.enabled,
    description: account.description,
    tags: sortedRecord(account.tags),
  });
}

/** Undefined when the item lacks the fields every reader relies on (id, name, environment). */
export function itemToAccount(item: Item): Account | undefined {
  const { id, name, environment } = item;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof environment !== 'string') return undefined;
  const tags =
    item.tags !== null && typeof item.tags === 'object' ? (item.tags as Record<string, unknown>) : {};
  return compact({
    id,
    name,
    aliases: stringArray(item.aliases),
    environment,
    regions: stringArray(item.regions),
    // Only an explicit `true` enables: a malformed item must not become reachable.
    enabled: item.enabled === true,
    description: optionalString(item.description),
    tags: Object.fromEntries(
      Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
  });
}

export function identityToItem(identity: Identity): Item {
  return compact({
    key: identityKey(identity.platform, identity.workspaceId, identity.userId),
    platform: identity.platform,
    workspaceId: identity.workspaceId,
    userId: identity.userId,
    cognitoUsername: identity.cognitoUsername,
    cognitoSub: identity.cognitoSub,
    groups: identity.groups ? [...identity.groups] : undefined,
  });
}

export function channelToItem(channel: ChannelPolicy): Item {
  return compact({
    key: channelKey(channel.platform, channel.workspaceId, channel.channelId),
    platform: channel.platform,
    workspaceId: channel.workspaceId,
    channelId: channel.channelId,
    allowedEnvironments: [...channel.allowedEnvironments],
    defaultAccount: channel.defaultAccount,
    alerts: channel.alerts ? alertRouteToItem(channel.alerts) : undefined,
    updatedBy: channel.updatedBy,
    updatedAt: channel.updatedAt,
  });
}

function alertRouteToItem(route: AlertRoute): Item {
  return compact({
    environments: route.environments ? [...route.environments] : undefined,
    accounts: route.accounts ? [...route.accounts] : undefined,
    sources: route.sources ? [...route.sources] : undefined,
    minSeverity: route.minSeverity,
  });
}

/** A channel's stored policy; a malformed row allows nothing rather than everything. */
export function itemToChannel(item: Item, platform: ChatPlatformId): ChannelPolicy {
  return compact({
    platform,
    workspaceId: String(item.workspaceId ?? ''),
    channelId: String(item.channelId ?? ''),
    allowedEnvironments: stringArray(item.allowedEnvironments),
    defaultAccount: optionalString(item.defaultAccount),
    alerts: itemToAlertRoute(item.alerts),
    updatedBy: optionalString(item.updatedBy),
    updatedAt: optionalString(item.updatedAt),
  });
}

/**
 * Undefined (no alerts) unless the stored route is an object with a known minimum severity, if any;
 * a list that is not one selects nothing (an empty list).
 */
function itemToAlertRoute(value: unknown): AlertRoute | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const route = value as Item;
  if (route.minSeverity !== undefined && !isAlertSeverity(route.minSeverity)) return undefined;
  const list = (field: string) => (route[field] === undefined ? undefined : stringArray(route[field]));
  return compact({
    environments: list('environments'),
    accounts: list('accounts'),
    sources: list('sources')?.filter(isAlertSourceId),
    minSeverity: route.minSeverity,
  });
}

/** Registry order: environment, then name (the order of the `by-environment` index). */
export function compareAccounts(a: Account, b: Account): number {
  if (a.environment !== b.environment) return a.environment < b.environment ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** JSON with object keys sorted at every level: equal records give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
