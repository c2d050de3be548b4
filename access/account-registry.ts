import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account } from '#contracts/registry.ts';
import { compareAccounts, type Item, itemToAccount } from '#contracts/registry-items.ts';
import { tableName } from '#contracts/tables.ts';
import { RegistryReadError } from './errors.ts';
import { scanTable } from './scan-table.ts';

/** Read side of the account registry, used by the agent and the bridge. */
export interface AccountRegistry {
  /** The enabled account with this id; undefined when unknown or disabled. */
  get(id: string): Promise<Account | undefined>;
  /** Every enabled account in registry order: environment, then name. */
  listEnabled(): Promise<Account[]>;
}

export interface DynamoAccountRegistryOptions {
  readonly client: DynamoDBDocumentClient;
  /** @default tableName('accounts') */
  readonly tableName?: string;
  /** How long one read of the table answers every call. @default 30_000 */
  readonly cacheTtlMs?: number;
  /** Clock, injectable for tests. @default Date.now */
  readonly now?: () => number;
}

interface Snapshot {
  readonly loadedAt: number;
  readonly ordered: readonly Account[];
  readonly byId: ReadonlyMap<string, Account>;
}

/**
 * Reads the whole accounts table at most once per TTL and answers from memory: a fan-out over
 * hundreds of accounts costs one Scan, not one GetItem per account. Concurrent refreshes share one
 * Scan (single flight), and unknown ids trigger at most one extra refresh per TTL so a burst of
 * bogus ids cannot hammer the table.
 */
export class DynamoAccountRegistry implements AccountRegistry {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #snapshot: Snapshot | undefined;
  #inFlight: Promise<Snapshot> | undefined;
  #lastMissRefreshAt = Number.NEGATIVE_INFINITY;

  public constructor(options: DynamoAccountRegistryOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName ?? tableName('accounts');
    this.#ttlMs = options.cacheTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  public async get(id: string): Promise<Account | undefined> {
    const askedAt = this.#now();
    const snapshot = await this.#current();
    const hit = snapshot.byId.get(id);
    if (hit) return hit;
    // A miss may be an account added since the last read. Join a refresh already running; else
    // refresh once, unless this snapshot was read during this very call or another miss already
    // refreshed within the TTL (a burst of unknown ids must not hammer the table).
    if (this.#inFlight) return (await this.#inFlight).byId.get(id);
    if (snapshot.loadedAt >= askedAt || askedAt - this.#lastMissRefreshAt < this.#ttlMs) return undefined;
    this.#lastMissRefreshAt = askedAt;
    return (await this.#refresh()).byId.get(id);
  }

  public async listEnabled(): Promise<Account[]> {
    return [...(await this.#current()).ordered];
  }

  async #current(): Promise<Snapshot> {
    const snapshot = this.#snapshot;
    if (snapshot && this.#now() - snapshot.loadedAt < this.#ttlMs) return snapshot;
    return this.#refresh();
  }

  #refresh(): Promise<Snapshot> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #load(): Promise<Snapshot> {
    let items: Item[];
    try {
      items = await scanTable(this.#client, this.#tableName);
    } catch (error) {
      throw new RegistryReadError(`Could not read the account registry table ${this.#tableName}`, {
        cause: error,
      });
    }
    const enabled = items.flatMap((item) => {
      const account = itemToAccount(item);
      return account?.enabled ? [account] : [];
    });
    enabled.sort(compareAccounts);
    const snapshot: Snapshot = {
      loadedAt: this.#now(),
      ordered: enabled,
      byId: new Map(enabled.map((account) => [account.id, account])),
    };
    this.#snapshot = snapshot;
    return snapshot;
  }
}
