/**
 * Rules across records and files: what makes the registry coherent as a whole (unique ids, every
 * name or alias resolving to one account, references that point at something).
 */

import { OPS_ADMINS_GROUP, parseGroup } from '#access/groups.ts';
import { ACCOUNT_ID, channelKey, identityKey } from '#contracts/registry.ts';
import type { RegistryProblem } from '../errors.ts';
import type { AccountsFile, ChannelsFile, IdentitiesFile } from './schemas.ts';
import type { YamlSource } from './yaml-source.ts';

/** Words the agent reads as selectors of several accounts, so no account may be called so. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['all', '*']);

export interface ParsedFiles {
  readonly accounts: { readonly source: YamlSource; readonly data: AccountsFile };
  readonly identities?: { readonly source: YamlSource; readonly data: IdentitiesFile };
  readonly channels?: { readonly source: YamlSource; readonly data: ChannelsFile };
}

/** The index of the first record with `key`; this one is recorded when it is the first. */
function firstWith(keys: Map<string, number>, key: string, index: number): number | undefined {
  const seen = keys.get(key);
  if (seen === undefined) keys.set(key, index);
  return seen;
}

function firstSeen(source: YamlSource, path: readonly PropertyKey[]): string {
  const line = source.lineOf(path);
  return line === undefined ? source.file : `${source.file}:${line}`;
}

export function crossCheck(files: ParsedFiles): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const { source: accountsSource, data: accountsData } = files.accounts;
  const accounts = accountsData.accounts;

  const ids = new Map<string, number>();
  /** Every lower-case word that selects one account (names and aliases), and where it was declared. */
  const words = new Map<string, { account: number; path: (string | number)[] }>();
  accounts.forEach((account, index) => {
    const seen = firstWith(ids, account.id, index);
    if (seen !== undefined) {
      problems.push(
        accountsSource.problem(
          ['accounts', index, 'id'],
          `duplicate id ${account.id} (first at ${firstSeen(accountsSource, ['accounts', seen, 'id'])})`,
        ),
      );
    }
    const declared: [string, (string | number)[]][] = [
      [account.name.toLowerCase(), ['accounts', index, 'name']],
      ...account.aliases.map((alias, a): [string, (string | number)[]] => [
        alias,
        ['accounts', index, 'aliases', a],
      ]),
    ];
    for (const [word, path] of declared) {
      if (RESERVED_NAMES.has(word)) {
        problems.push(accountsSource.problem(path, `"${word}" is reserved (it selects every account)`));
        continue;
      }
      if (ACCOUNT_ID.test(word)) {
        problems.push(accountsSource.problem(path, 'must not look like an account id'));
        continue;
      }
      const owner = words.get(word);
      if (!owner) {
        words.set(word, { account: index, path });
      } else if (owner.account !== index) {
        const other = accounts[owner.account];
        problems.push(
          accountsSource.problem(
            path,
            `"${word}" already names account ${other?.id} (${firstSeen(accountsSource, owner.path)}); a name or alias must resolve to one account`,
          ),
        );
      }
    }
  });

  const environments = new Set(accounts.map((account) => account.environment));
  const knownEnvironments = [...environments].sort().join(', ');

  if (files.identities) {
    const { source, data } = files.identities;
    const keys = new Map<string, number>();
    data.identities.forEach((identity, index) => {
      const key = identityKey(identity.platform, identity.workspaceId, identity.userId);
      const seen = firstWith(keys, key, index);
      if (seen !== undefined) {
        problems.push(
          source.problem(
            ['identities', index, 'userId'],
            `duplicate identity ${key} (first at ${firstSeen(source, ['identities', seen])})`,
          ),
        );
      }
      identity.groups?.forEach((group, g) => {
        const path = ['identities', index, 'groups', g];
        // Reads the audit (`/ops audit`) and grants no account.
        if (group === OPS_ADMINS_GROUP) return;
        // The group naming convention is access/groups.ts's, which the agent reads at request time.
        const grant = parseGroup(group);
        if (!grant) {
          problems.push(
            source.problem(
              path,
              `must be ops-all-readers, ops-<environment>-readers, ops-account-<id>-readers or ${OPS_ADMINS_GROUP}`,
            ),
          );
        } else if (grant.kind === 'account' && !ids.has(grant.accountId)) {
          problems.push(
            source.problem(path, `names account ${grant.accountId}, which is not in accounts.yaml`),
          );
        } else if (grant.kind === 'environment' && !environments.has(grant.environment)) {
          problems.push(
            source.problem(
              path,
              `names environment "${grant.environment}", which no account has (known: ${knownEnvironments})`,
            ),
          );
        }
      });
    });
  }

  if (files.channels) {
    const { source, data } = files.channels;
    const keys = new Map<string, number>();
    data.channels.forEach((channel, index) => {
      const key = channelKey(channel.platform, channel.workspaceId, channel.channelId);
      const seen = firstWith(keys, key, index);
      if (seen !== undefined) {
        problems.push(
          source.problem(
            ['channels', index, 'channelId'],
            `duplicate channel ${key} (first at ${firstSeen(source, ['channels', seen])})`,
          ),
        );
      }
      channel.allowedEnvironments.forEach((environment, e) => {
        if (!environments.has(environment)) {
          problems.push(
            source.problem(
              ['channels', index, 'allowedEnvironments', e],
              `unknown environment "${environment}" (known: ${knownEnvironments})`,
            ),
          );
        }
      });
      if (channel.defaultAccount !== undefined) {
        const path = ['channels', index, 'defaultAccount'];
        const wanted = channel.defaultAccount.toLowerCase();
        const target = ids.has(wanted) ? ids.get(wanted) : words.get(wanted)?.account;
        const account = target === undefined ? undefined : accounts[target];
        if (!account) {
          problems.push(
            source.problem(path, `no account has the id, name or alias "${channel.defaultAccount}"`),
          );
        } else if (!channel.allowedEnvironments.includes(account.environment)) {
          problems.push(
            source.problem(
              path,
              `account ${account.name} is in environment "${account.environment}", which this channel does not allow`,
            ),
          );
        }
      }
    });
  }
  return problems;
}
