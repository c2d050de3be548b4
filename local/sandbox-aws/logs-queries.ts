/** Logs Insights queries the sandbox has started, until their results are read (logs.ts runs them). */
import { randomUUID } from 'node:crypto';
import type { LogGroup } from './types.ts';

export type Command =
  | { readonly kind: 'fields'; readonly fields: readonly string[] }
  | { readonly kind: 'filter'; readonly field: string; readonly test: RegExp; readonly negate: boolean }
  | { readonly kind: 'sort'; readonly field: string; readonly descending: boolean }
  | { readonly kind: 'limit'; readonly count: number }
  | { readonly kind: 'stats'; readonly as: string; readonly by: string | undefined };

export type Pipeline = readonly Command[];

export interface LogsQuery {
  readonly accountId: string;
  readonly region: string;
  readonly groups: readonly LogGroup[];
  readonly start: number;
  readonly end: number;
  readonly query: Pipeline;
  readonly limit: number;
  readonly now: number;
  polls: number;
}

/** Logs Insights queries started in the sandbox, by query id. */
export class LogsQueryStore {
  readonly #queries = new Map<string, LogsQuery>();

  add(query: LogsQuery): string {
    const id = randomUUID();
    this.#queries.set(id, query);
    return id;
  }

  get(id: string, accountId: string): LogsQuery | undefined {
    const query = this.#queries.get(id);
    return query?.accountId === accountId ? query : undefined;
  }
}
