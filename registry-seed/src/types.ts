import type { Account, ChannelPolicy, Identity } from './model.ts';

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
  /** Present when the accounts follow an AWS organization (accounts.yaml then holds overrides). */
  rules: 'rules.yaml',
} as const;

export type RegistryFileKind = keyof typeof REGISTRY_FILES;
