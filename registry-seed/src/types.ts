import type { Account, ChannelPolicy, Identity } from '#contracts/registry.ts';

/** The whole registry as the YAML files declare it, validated. */
export interface Registry {
  readonly accounts: readonly Account[];
  readonly identities: readonly Identity[];
  readonly channels: readonly ChannelPolicy[];
}
