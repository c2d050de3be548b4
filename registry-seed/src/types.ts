import type { Account, ChannelPolicy, Identity } from '#contracts/registry.ts';

/** The whole registry as the YAML files declare it, validated. */
export interface Registry {
  readonly accounts: readonly Account[];
  readonly identities: readonly Identity[];
  readonly channels: readonly ChannelPolicy[];
}

/** The registry's file names inside a registry directory. */
export const REGISTRY_FILES = {
  accounts: 'accounts.yaml',
  identities: 'identities.yaml',
  channels: 'channels.yaml',
} as const;

export type RegistryFileKind = keyof typeof REGISTRY_FILES;
