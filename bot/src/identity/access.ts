/**
 * What a tapper may read where they tapped, read at tap time by the agent's own rule: their Cognito
 * groups (enabled users only), the channel's policy and the registry's enabled accounts, combined by
 * access/authorize.ts. A button never carries a permission: each tap asks again.
 */
import type { AccountRegistry } from '#access/account-registry.ts';
import { authorizeAccounts, type ChannelPolicyReader, type UserDirectory } from '#access/index.ts';
import type { Account } from '#contracts/registry.ts';
import type { ActionAccess } from '../core/chat-action.ts';
import type { AccessPort, AccessScope } from '../core/ports.ts';

export interface DirectoryAccessOptions {
  readonly directory: Pick<UserDirectory, 'getUser'>;
  readonly channels: ChannelPolicyReader;
  readonly registry: Pick<AccountRegistry, 'get'>;
}

export class DirectoryAccess implements AccessPort {
  readonly #options: DirectoryAccessOptions;

  constructor(options: DirectoryAccessOptions) {
    this.#options = options;
  }

  async read(cognitoSub: string, scope: AccessScope): Promise<ActionAccess | undefined> {
    const { directory, channels, registry } = this.#options;
    const [user, policy] = await Promise.all([
      directory.getUser(cognitoSub),
      channels.get({ platform: scope.platform, workspace: scope.workspaceId, channel: scope.channelId }),
    ]);
    if (!user?.enabled || user.sub !== cognitoSub) return undefined;
    return {
      groups: user.groups,
      policy,
      async authorize(accountIds) {
        const found = await Promise.all(
          [...new Set(accountIds)].map(async (id) => [id, await registry.get(id)] as const),
        );
        const known = found.flatMap(([, account]) => (account ? [account] : [])) as Account[];
        const { allowed, refused } = authorizeAccounts({
          groups: user.groups,
          channelPolicy: policy,
          accounts: known,
        });
        return {
          allowed,
          refused: [
            ...found
              .filter(([, account]) => !account)
              .map(([accountId]) => ({
                accountId,
                reason: `${accountId} is not an enabled account of the registry.`,
              })),
            ...refused.map((refusal) => ({ accountId: refusal.account.id, reason: refusal.reason })),
          ],
        };
      },
    };
  }
}
