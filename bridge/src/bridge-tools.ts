/**
 * The bridge's four tools. Order inside each: validate input, guard (pure, before any network
 * call), registry (registered + enabled, before STS), then STS and the MCP call per account.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccountRegistry } from '#access/account-registry.ts';
import type { Account } from '#contracts/registry.ts';
import type { AccountAnswer, AccountQuery, PreparedCalls } from './account-query.ts';
import type { BridgeConfig } from './config.ts';
import { InvalidInputError, RefusedError, type ToolError, toToolError } from './errors.ts';
import { fanOut } from './fan-out.ts';
import { type GuardDecision, guardCalls, guardNamedTool } from './guard/index.ts';
import { type AwsCall, parseQuery, parseQueryAccounts, parseRequestedBy } from './input.ts';

export interface BridgeToolsOptions {
  readonly config: BridgeConfig;
  readonly registry: AccountRegistry;
  readonly query: AccountQuery;
  readonly logger: Logger;
}

/** An entry of query_accounts' results: an answer, or why this account+region has none. */
export type FanOutEntry =
  | AccountAnswer
  | {
      readonly accountId: string;
      readonly accountName?: string;
      readonly environment?: string;
      readonly region?: string;
      readonly ok: false;
      readonly refused?: true;
      readonly error: ToolError['error'];
    };

export interface FanOutAnswer {
  readonly results: readonly FanOutEntry[];
  readonly summary: {
    readonly accounts: number;
    readonly ok: number;
    readonly failed: number;
    readonly refused: number;
    readonly elapsedMs: number;
  };
}

type Event = Readonly<Record<string, unknown>>;

export class BridgeTools {
  readonly #options: BridgeToolsOptions;

  public constructor(options: BridgeToolsOptions) {
    this.#options = options;
  }

  /** @param deadline epoch ms by which the answer must be out (see FanOutOptions.deadline) */
  public async query(event: Event, deadline?: number): Promise<unknown> {
    const { config, query } = this.#options;
    const { accountId, region: asked, request } = parseQuery(event);
    if (request.kind === 'documentation') {
      enforce(guardNamedTool(request.toolName));
      if (accountId !== undefined)
        throw new InvalidInputError('documentation tools read no account: leave out account_id');
      return query.documentation(request, asked);
    }
    enforce(guardCalls(request.calls));
    if (accountId === undefined) throw new InvalidInputError('account_id is required for calls');

    const account = await this.#enabledAccount(accountId);
    const prepared = await query.prepare(request.calls, deadline);
    const region = asked ?? this.#defaultRegions(account)[0]!;
    const [outcome] = await fanOut(
      [account],
      (target, signal) => this.#run(target, region, prepared, request, signal),
      {
        concurrency: 1,
        timeoutMs: config.accountTimeoutMs,
        ...(deadline === undefined ? {} : { deadline }),
      },
    );
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.value;
  }

  /** @param deadline epoch ms by which the answer must be out (see FanOutOptions.deadline) */
  public async queryAccounts(event: Event, deadline?: number): Promise<FanOutAnswer> {
    const { config, registry, logger, query } = this.#options;
    const started = performance.now();
    const input = parseQueryAccounts(event);
    enforce(guardCalls(input.calls));
    const call = { calls: input.calls, requestedBy: input.requestedBy };

    const enabled = await registry.listEnabled();
    let targets: Account[];
    const refused: FanOutEntry[] = [];
    if (input.accountIds) {
      const wanted = new Set(input.accountIds);
      targets = enabled.filter((account) => wanted.has(account.id));
      const found = new Set(targets.map((account) => account.id));
      for (const id of input.accountIds.filter((accountId) => !found.has(accountId))) {
        const error = toToolError(notEnabled(id)).error;
        refused.push({ accountId: id, ok: false, refused: true, error });
        logger.warn('account call', {
          user: call.requestedBy,
          account: id,
          operations: operationsOf(call.calls),
          outcome: 'refused',
        });
      }
    } else {
      targets = input.all ? enabled : enabled.filter((account) => account.environment === input.environment);
    }
    if (targets.length === 0 && refused.length === 0) {
      throw new RefusedError(`no registered, enabled account in environment ${input.environment ?? 'all'}`);
    }

    const work = targets.flatMap((account) =>
      (input.regions ?? this.#defaultRegions(account)).map((region) => ({ account, region })),
    );
    const prepared = work.length > 0 ? await query.prepare(call.calls, deadline) : undefined;
    const settled = await fanOut(
      work,
      ({ account, region }, signal) => this.#run(account, region, prepared!, call, signal),
      {
        concurrency: config.fanoutConcurrency,
        timeoutMs: config.accountTimeoutMs,
        ...(deadline === undefined ? {} : { deadline }),
      },
    );

    const failedAccounts = new Set<string>();
    const results: FanOutEntry[] = settled.map((outcome, index) => {
      if (outcome.ok) return outcome.value;
      const { account, region } = work[index]!;
      failedAccounts.add(account.id);
      return {
        accountId: account.id,
        accountName: account.name,
        environment: account.environment,
        region,
        ok: false,
        error: toToolError(outcome.error).error,
      };
    });
    return {
      results: [...results, ...refused],
      summary: {
        accounts: targets.length + refused.length,
        ok: targets.length - failedAccounts.size,
        failed: failedAccounts.size,
        refused: refused.length,
        elapsedMs: Math.round(performance.now() - started),
      },
    };
  }

  public async listAccounts(event: Event): Promise<unknown> {
    parseRequestedBy(event);
    const accounts = await this.#options.registry.listEnabled();
    return {
      accounts: accounts.map(({ id, name, aliases, environment, regions }) => ({
        id,
        name,
        aliases,
        environment,
        regions,
      })),
    };
  }

  /** tools/list is the same for every account: it is asked with the bridge's own credentials. */
  public async listTools(event: Event): Promise<unknown> {
    parseRequestedBy(event);
    const tools = await this.#options.query.listTools();
    return { tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
  }

  /** Where a call goes when the caller names no region: the account's regions, else the bridge's. */
  #defaultRegions(account: Account): readonly string[] {
    return account.regions.length > 0 ? account.regions : [this.#options.config.region];
  }

  async #enabledAccount(accountId: string): Promise<Account> {
    const account = await this.#options.registry.get(accountId);
    if (!account?.enabled) throw notEnabled(accountId);
    return account;
  }

  /** One account+region call, logged with its outcome. */
  async #run(
    account: Account,
    region: string,
    prepared: PreparedCalls,
    call: { readonly calls: readonly AwsCall[]; readonly requestedBy: string },
    signal: AbortSignal,
  ): Promise<AccountAnswer> {
    const { logger, query } = this.#options;
    const started = performance.now();
    const fields = {
      user: call.requestedBy,
      account: account.id,
      region,
      tool: prepared.toolName,
      operations: operationsOf(call.calls),
    };
    try {
      const answer = await query.run(account, region, prepared, call.requestedBy, signal);
      logger.info('account call', {
        ...fields,
        outcome: 'ok',
        elapsedMs: Math.round(performance.now() - started),
      });
      return answer;
    } catch (error) {
      const elapsedMs = Math.round(performance.now() - started);
      logger.warn('account call', {
        ...fields,
        outcome: 'failed',
        elapsedMs,
        error: toToolError(error).error,
      });
      throw error;
    }
  }
}

/** The guard runs first: a refused call reaches neither the registry, STS nor the MCP server. */
function enforce(decision: GuardDecision): void {
  if (!decision.allowed) throw new RefusedError(decision.reason);
}

/** `ec2.DescribeInstances, s3.ListBuckets`: what a log line names, never the params. */
function operationsOf(calls: readonly AwsCall[]): string {
  return calls.map((call) => `${call.service}.${call.operation}`).join(', ');
}

function notEnabled(accountId: string): RefusedError {
  return new RefusedError(`account ${accountId} is not a registered, enabled account`);
}
