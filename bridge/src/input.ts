/** Validation of the bridge tools' inputs as the Gateway passes them (flat, as the agent sent them). */
import type { ToolCall } from './account-query.ts';
import { InvalidInputError } from './errors.ts';
import { ACCOUNT_ID, validateRequestedBy } from './sts.ts';

export interface QueryInput {
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly call: ToolCall;
}

export interface QueryAccountsInput {
  /** Exactly one of accountIds / environment / all is set. */
  readonly accountIds: readonly string[] | undefined;
  readonly environment: string | undefined;
  readonly all: boolean;
  readonly regions: readonly string[] | undefined;
  readonly call: ToolCall;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const TOOL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ENVIRONMENT = /^[A-Za-z0-9_-]{1,64}$/;
/** @default 1000 account ids in one query_accounts */
const MAX_ACCOUNT_IDS = 1000;

type Event = Readonly<Record<string, unknown>>;

export function parseRequestedBy(event: Event): string {
  return validateRequestedBy(event.requested_by);
}

export function parseQuery(event: Event): QueryInput {
  const accountId = event.account_id;
  if (accountId !== undefined && !(typeof accountId === 'string' && ACCOUNT_ID.test(accountId))) {
    throw new InvalidInputError('account_id must be a 12-digit account id');
  }
  // Fields are checked in this order: the first invalid one is the one reported.
  const toolName = parseToolName(event.tool_name);
  const args = parseArguments(event.arguments);
  const region = event.region === undefined || event.region === '' ? undefined : parseRegion(event.region);
  return { accountId, region, call: { toolName, arguments: args, requestedBy: parseRequestedBy(event) } };
}

export function parseQueryAccounts(event: Event): QueryAccountsInput {
  const { account_ids: ids, environment, all } = event;
  const environmentAll = typeof environment === 'string' && environment.toLowerCase() === 'all';
  const selectors = [
    ids !== undefined,
    environment !== undefined && !environmentAll,
    all === true || environmentAll,
  ];
  if (selectors.filter(Boolean).length !== 1) {
    throw new InvalidInputError('give exactly one of account_ids, environment or all');
  }
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ACCOUNT_IDS) {
      throw new InvalidInputError(`account_ids must be a list of 1 to ${MAX_ACCOUNT_IDS} account ids`);
    }
    for (const id of ids) {
      if (typeof id !== 'string' || !ACCOUNT_ID.test(id))
        throw new InvalidInputError('account_ids must be 12-digit ids');
    }
  }
  if (environment !== undefined && !(typeof environment === 'string' && ENVIRONMENT.test(environment))) {
    throw new InvalidInputError('environment must be a name such as prod, staging or dev');
  }
  const regions = event.regions;
  if (regions !== undefined && (!Array.isArray(regions) || regions.length === 0)) {
    throw new InvalidInputError('regions must be a non-empty list of regions');
  }
  const toolName = parseToolName(event.tool_name);
  const args = parseArguments(event.arguments);
  return {
    accountIds: ids === undefined ? undefined : [...new Set(ids as string[])],
    environment: environment !== undefined && !environmentAll ? (environment as string) : undefined,
    all: all === true || environmentAll,
    regions: regions === undefined ? undefined : [...new Set((regions as unknown[]).map(parseRegion))],
    call: { toolName, arguments: args, requestedBy: parseRequestedBy(event) },
  };
}

function parseToolName(value: unknown): string {
  if (typeof value !== 'string' || !TOOL_NAME.test(value)) {
    throw new InvalidInputError('tool_name must name an AWS MCP Server tool, e.g. aws___run_script');
  }
  return value;
}

function parseRegion(value: unknown): string {
  if (typeof value !== 'string' || !REGION.test(value))
    throw new InvalidInputError('region must look like us-east-1');
  return value;
}

/** `arguments` is an object; a model sometimes sends it as JSON text, which is accepted too. */
function parseArguments(value: unknown): Record<string, unknown> {
  let parsed = value ?? {};
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch (error) {
      throw new InvalidInputError('arguments must be an object', { cause: error });
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError('arguments must be an object');
  }
  return parsed as Record<string, unknown>;
}
