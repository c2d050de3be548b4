/** What an emulated AWS operation is given and returns (aws-api.ts dispatches to them). */
import type { SessionCredentials } from './credentials.ts';
import type { Dataset } from './dataset.ts';
import type { LogsQueryStore } from './logs-queries.ts';
import type { Params } from './params.ts';
import type { RegionData, SandboxAccountData } from './types.ts';

export interface ApiCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly caller: SessionCredentials;
}

export interface ApiContext {
  readonly dataset: Dataset;
  readonly now: () => number;
  /** Logs Insights queries started, until their results are read. */
  readonly queries: LogsQueryStore;
}

export interface OperationInput {
  readonly account: SandboxAccountData;
  readonly data: RegionData;
  readonly call: ApiCall;
  readonly p: Params;
  readonly now: number;
  readonly queries: LogsQueryStore;
}

export type Operation = (input: OperationInput) => unknown;
