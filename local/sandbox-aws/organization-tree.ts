/**
 * The sandbox's AWS organization: a root, nested organizational units built from each account's OU
 * path, the accounts with their state and tags. Ids are derived from names, so the same options
 * give the same ids on every run. Tests change it between syncs (an account moves, closes, joins).
 */
import { hash32 } from './random.ts';
import type {
  SandboxAccountState,
  SandboxOrganizationAccount,
  SandboxOrganizationControls,
  SandboxOrganizationOptions,
} from './types.ts';

export interface OrganizationalUnit {
  readonly id: string;
  readonly name: string;
  /** `/Workloads/Prod` */
  readonly path: string;
  /** Root id or parent OU id. */
  readonly parentId: string;
}

export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  state: SandboxAccountState;
  parentId: string;
  tags: Record<string, string>;
  readonly joinedAt: number;
  readonly joinedMethod: 'CREATED' | 'INVITED';
}

const ACCOUNT_ID = /^\d{12}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Joined dates count back from here, so answers never depend on when tests run. */
const EPOCH = Date.UTC(2024, 0, 1);

/** `length` lower-case letters or digits derived from `text`. */
function derived(text: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i += 1) {
    let h = hash32(`${i}:${text}`);
    for (let j = 0; j < 6 && out.length < length; j += 1) {
      out += ALPHABET[h % ALPHABET.length];
      h = Math.floor(h / ALPHABET.length);
    }
  }
  return out;
}

/** Path segments of `/A/B` (none for `/`); refuses what cannot be an OU path. */
export function ouPathSegments(path: string): string[] {
  if (!path.startsWith('/')) throw new RangeError(`OU path must start with '/', got '${path}'`);
  const segments = path.split('/').slice(1);
  if (path === '/') return [];
  if (segments.some((segment) => segment.trim() === '')) throw new RangeError(`empty OU name in '${path}'`);
  return segments;
}

export class SandboxOrganization implements SandboxOrganizationControls {
  readonly id: string;
  readonly arn: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly readRoleName: string;
  readonly delegatedAdministrators: ReadonlySet<string>;
  readonly accountStatusFields: 'state' | 'status' | 'both';
  readonly emptyPageEvery: number;
  readonly #ous = new Map<string, OrganizationalUnit>();
  readonly #ouByPath = new Map<string, OrganizationalUnit>();
  readonly #accounts = new Map<string, OrganizationAccount>();

  constructor(options: SandboxOrganizationOptions) {
    const managementAccountId = options.managementAccountId;
    if (!ACCOUNT_ID.test(managementAccountId))
      throw new RangeError(`management account id must be 12 digits, got '${managementAccountId}'`);
    this.managementAccountId = managementAccountId;
    this.id = `o-${derived(`org:${managementAccountId}`, 10)}`;
    this.rootId = `r-${derived(`root:${this.id}`, 4)}`;
    this.arn = `arn:aws:organizations::${managementAccountId}:organization/${this.id}`;
    this.readRoleName = options.readRoleName ?? 'CentralOpsOrganizationsRead';
    this.delegatedAdministrators = new Set(options.delegatedAdministrators ?? []);
    this.accountStatusFields = options.accountStatusFields ?? 'state';
    this.emptyPageEvery = options.emptyPageEvery ?? 0;
    for (const path of options.organizationalUnits ?? []) this.#ouAt(path);
    if (!options.accounts.some((account) => account.id === managementAccountId)) {
      this.addAccount({ id: managementAccountId, name: options.managementAccountName ?? 'management' });
    }
    for (const account of options.accounts) this.addAccount(account);
  }

  /** Adds an account (created in, or invited to, the organization). */
  addAccount(account: SandboxOrganizationAccount): void {
    if (!ACCOUNT_ID.test(account.id))
      throw new RangeError(`account id must be 12 digits, got '${account.id}'`);
    if (this.#accounts.has(account.id))
      throw new RangeError(`account ${account.id} is already in the organization`);
    const index = this.#accounts.size;
    this.#accounts.set(account.id, {
      id: account.id,
      name: account.name ?? `sandbox-${account.id}`,
      email: account.email ?? `aws+${account.id}@example.com`,
      state: account.state ?? 'ACTIVE',
      parentId: this.#ouAt(account.ouPath ?? '/'),
      tags: { ...account.tags },
      joinedAt: EPOCH - (index % 1000) * 86_400_000,
      joinedMethod: index % 3 === 0 ? 'INVITED' : 'CREATED',
    });
  }

  /** MoveAccount: to the OU at `ouPath` (created if new). */
  moveAccount(accountId: string, ouPath: string): void {
    this.#account(accountId).parentId = this.#ouAt(ouPath);
  }

  setState(accountId: string, state: SandboxAccountState): void {
    this.#account(accountId).state = state;
  }

  setTags(accountId: string, tags: Readonly<Record<string, string>>): void {
    this.#account(accountId).tags = { ...tags };
  }

  /** RemoveAccountFromOrganization (or a closed account's end, 90 days on). */
  removeAccount(accountId: string): void {
    this.#account(accountId);
    this.#accounts.delete(accountId);
  }

  /** The management account and delegated administrators: the accounts allowed to read the organization. */
  isAdministrator(accountId: string): boolean {
    return accountId === this.managementAccountId || this.delegatedAdministrators.has(accountId);
  }

  accounts(): OrganizationAccount[] {
    return [...this.#accounts.values()];
  }

  account(accountId: string): OrganizationAccount | undefined {
    return this.#accounts.get(accountId);
  }

  ou(id: string): OrganizationalUnit | undefined {
    return this.#ous.get(id);
  }

  /** OUs directly under a root or OU. */
  childOus(parentId: string): OrganizationalUnit[] {
    return [...this.#ous.values()].filter((ou) => ou.parentId === parentId);
  }

  childAccounts(parentId: string): OrganizationAccount[] {
    return this.accounts().filter((account) => account.parentId === parentId);
  }

  isParent(id: string): boolean {
    return id === this.rootId || this.#ous.has(id);
  }

  /** The OU path of an account, by names: `/Workloads/Prod`. */
  pathOf(accountId: string): string {
    const parentId = this.#account(accountId).parentId;
    return parentId === this.rootId ? '/' : (this.#ous.get(parentId)?.path ?? '/');
  }

  #account(accountId: string): OrganizationAccount {
    const account = this.#accounts.get(accountId);
    if (!account) throw new RangeError(`account ${accountId} is not in the organization`);
    return account;
  }

  /** The id of the OU at `path` (the root for `/`), creating the OUs along it. */
  #ouAt(path: string): string {
    let parentId = this.rootId;
    let current = '';
    for (const name of ouPathSegments(path)) {
      current = `${current}/${name}`;
      let ou = this.#ouByPath.get(current);
      if (!ou) {
        ou = {
          id: `ou-${this.rootId.slice(2)}-${derived(`ou:${current}`, 8)}`,
          name,
          path: current,
          parentId,
        };
        this.#ous.set(ou.id, ou);
        this.#ouByPath.set(current, ou);
      }
      parentId = ou.id;
    }
    return parentId;
  }
}
