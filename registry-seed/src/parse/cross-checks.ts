/**
 * Rules across records and files: what makes the registry coherent as a whole (unique ids, every
 * name or alias resolving to one account, references that point at something).
 */

import { OPS_ADMINS_GROUP, parseGroup } from '#access/groups.ts';
import { ACCOUNT_ID, type Account, channelKey, identityKey, REGISTRY_FILES } from '#contracts/registry.ts';
import type { RegistryProblem } from '../errors.ts';
import type { AccountsFile, ChannelsFile, IdentitiesFile } from './schemas.ts';
import type { YamlSource } from './yaml-source.ts';

/** Words the agent reads as selectors of several accounts, so no account may be called so. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['all', '*']);

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
  const { source, data } = files.accounts;
  return [
    ...checkAccountWords(source, data.accounts),
    ...checkReferences(indexAccounts(data.accounts), files, REGISTRY_FILES.accounts),
  ];
}

/** What an account file may say of an account's words: accounts.yaml in full, or an override with some. */
export interface AccountWords {
  readonly id: string;
  readonly name?: string;
  readonly aliases?: readonly string[];
}

/**
 * Unique ids, and names and aliases that each select one account: not reserved, not id-like, not
 * another account's.
 */
export function checkAccountWords(source: YamlSource, accounts: readonly AccountWords[]): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const ids = new Map<string, number>();
  /** Every lower-case word that selects one account (names and aliases), and where it was declared. */
  const words = new Map<string, { account: number; path: (string | number)[] }>();
  accounts.forEach((account, index) => {
    const seen = firstWith(ids, account.id, index);
    if (seen !== undefined) {
      problems.push(
        source.problem(
          ['accounts', index, 'id'],
          `duplicate id ${account.id} (first at ${firstSeen(source, ['accounts', seen, 'id'])})`,
        ),
      );
    }
    const declared: [string, (string | number)[]][] = [
      ...(account.name === undefined
        ? []
        : [[account.name.toLowerCase(), ['accounts', index, 'name']] as [string, (string | number)[]]]),
      ...(account.aliases ?? []).map((alias, a): [string, (string | number)[]] => [
        alias,
        ['accounts', index, 'aliases', a],
      ]),
    ];
    for (const [word, path] of declared) {
      if (RESERVED_NAMES.has(word)) {
        problems.push(source.problem(path, `"${word}" is reserved (it selects every account)`));
        continue;
      }
      if (ACCOUNT_ID.test(word)) {
        problems.push(source.problem(path, 'must not look like an account id'));
        continue;
      }
      const owner = words.get(word);
      if (!owner) {
        words.set(word, { account: index, path });
      } else if (owner.account !== index) {
        const other = accounts[owner.account];
        problems.push(
          source.problem(
            path,
            `"${word}" already names account ${other?.id} (${firstSeen(source, owner.path)}); a name or alias must resolve to one account`,
          ),
        );
      }
    }
  });
  return problems;
}

/** What the checks of identities and channels need to know of the accounts. */
export interface AccountIndex {
  /** Account id → its name and environment. */
  readonly byId: ReadonlyMap<string, Pick<Account, 'name' | 'environment'>>;
  /** Lower-case name or alias → account id. */
  readonly byWord: ReadonlyMap<string, string>;
}

/** The index of valid accounts; where two claim an id or a word, the first keeps it. */
export function indexAccounts(
  accounts: readonly Pick<Account, 'id' | 'name' | 'aliases' | 'environment'>[],
): AccountIndex {
  const byId = new Map<string, Pick<Account, 'name' | 'environment'>>();
  const byWord = new Map<string, string>();
  for (const account of accounts) {
    if (!byId.has(account.id)) byId.set(account.id, { name: account.name, environment: account.environment });
    for (const word of [account.name.toLowerCase(), ...account.aliases])
      if (!byWord.has(word)) byWord.set(word, account.id);
  }
  return { byId, byWord };
}

/**
 * Identities' groups and channels' environments and default accounts must name what the accounts
 * have; `accountsFrom` says where accounts come from in the messages (`accounts.yaml`).
 */
export function checkReferences(
  accounts: AccountIndex,
  files: Pick<ParsedFiles, 'identities' | 'channels'>,
  accountsFrom: string,
): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const environments = new Set([...accounts.byId.values()].map((account) => account.environment));
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
        } else if (grant.kind === 'account' && !accounts.byId.has(grant.accountId)) {
          problems.push(
            source.problem(path, `names account ${grant.accountId}, which is not in ${accountsFrom}`),
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
        const account = accounts.byId.get(
          accounts.byId.has(wanted) ? wanted : (accounts.byWord.get(wanted) ?? ''),
        );
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
      if (channel.alerts) problems.push(...checkAlerts(source, index, channel, accounts, environments));
    });
  }
  return problems;
}

/** The account a word names (an id, a name or an alias, any case); undefined if none. */
function accountNamed(
  accounts: AccountIndex,
  wanted: string,
): (Pick<Account, 'name' | 'environment'> & { readonly id: string }) | undefined {
  const word = wanted.toLowerCase();
  const id = accounts.byId.has(word) ? word : (accounts.byWord.get(word) ?? '');
  const account = accounts.byId.get(id);
  return account && { ...account, id };
}

/**
 * A channel's alert routing: it names known environments and accounts, inside what the channel may
 * read (an alert carries the account's data into the channel), and selects some account unless it
 * is `alerts: {}` (explicitly none).
 */
function checkAlerts(
  source: YamlSource,
  index: number,
  channel: ChannelsFile['channels'][number],
  accounts: AccountIndex,
  environments: ReadonlySet<string>,
): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const alerts = channel.alerts ?? {};
  const at = (...path: (string | number)[]) => ['channels', index, 'alerts', ...path];
  const allowed = channel.allowedEnvironments;
  alerts.environments?.forEach((environment, e) => {
    if (!environments.has(environment)) {
      problems.push(
        source.problem(
          at('environments', e),
          `unknown environment "${environment}" (known: ${[...environments].sort().join(', ')})`,
        ),
      );
    } else if (!allowed.includes(environment)) {
      problems.push(
        source.problem(
          at('environments', e),
          `"${environment}" is not in this channel's allowedEnvironments`,
        ),
      );
    }
  });
  alerts.accounts?.forEach((wanted, a) => {
    const account = accountNamed(accounts, wanted);
    if (!account) {
      problems.push(source.problem(at('accounts', a), `no account has the id, name or alias "${wanted}"`));
    } else if (!allowed.includes(account.environment)) {
      problems.push(
        source.problem(
          at('accounts', a),
          `account ${account.name} is in environment "${account.environment}", which this channel does not allow`,
        ),
      );
    }
  });
  const selects = (alerts.environments?.length ?? 0) + (alerts.accounts?.length ?? 0) > 0;
  if (!selects && Object.keys(alerts).length > 0) {
    problems.push(
      source.problem(at(), 'selects no account: list environments or accounts (alerts: {} posts nothing)'),
    );
  }
  return problems;
}

/**
 * The channels with their alert routes naming accounts by id (what the notifier matches events
 * against); every name was checked by checkReferences first.
 */
export function channelsWithAccountIds(
  channels: ChannelsFile['channels'],
  accounts: AccountIndex,
): ChannelsFile['channels'] {
  return channels.map((channel) =>
    channel.alerts?.accounts
      ? {
          ...channel,
          alerts: {
            ...channel.alerts,
            accounts: [
              ...new Set(
                channel.alerts.accounts.map((wanted) => accountNamed(accounts, wanted)?.id ?? wanted),
              ),
            ],
          },
        }
      : channel,
  );
}
