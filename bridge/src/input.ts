/**
 * Validation of the bridge tools' inputs as the Gateway passes them (flat, as the agent sent them).
 * Every field is checked against an allow-list; AWS calls arrive as data, never as code.
 */
import { InvalidInputError } from './errors.ts';
import { ACCOUNT_ID, validateRequestedBy } from './sts.ts';

/** One AWS API call as callers send it: botocore service name, PascalCase operation, params as data. */
export interface AwsCall {
  /** botocore service name, e.g. `ec2`, `s3`, `cognito-idp`. */
  readonly service: string;
  /** PascalCase operation, e.g. `DescribeInstances`. */
  readonly operation: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Pages to read at most (1: no pagination). */
  readonly pages: number;
  /** Pins this call to one region, whatever region the account is asked in. */
  readonly region?: string;
}

/** What a query asks for: AWS API calls in an account, or one documentation tool. */
export type QueryRequest =
  | { readonly kind: 'calls'; readonly calls: readonly AwsCall[]; readonly requestedBy: string }
  | {
      readonly kind: 'documentation';
      readonly toolName: string;
      readonly arguments: Readonly<Record<string, unknown>>;
      readonly requestedBy: string;
    };

export interface QueryInput {
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly request: QueryRequest;
}

export interface QueryAccountsInput {
  /** Exactly one of accountIds / environment / all is set. */
  readonly accountIds: readonly string[] | undefined;
  readonly environment: string | undefined;
  readonly all: boolean;
  readonly regions: readonly string[] | undefined;
  readonly calls: readonly AwsCall[];
  readonly requestedBy: string;
}

/** Calls in one query. @default 10 */
const MAX_CALLS = 10;
/** Pages one call may read; `paginate: true` reads up to this many. @default 10 */
const MAX_PAGES = 10;
/** One call's params, as JSON text. @default 16_000 characters */
const MAX_PARAMS_CHARS = 16_000;
/** Nesting of params. @default 16 */
const MAX_PARAMS_DEPTH = 16;
/** @default 1000 account ids in one query_accounts */
const MAX_ACCOUNT_IDS = 1000;

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const TOOL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ENVIRONMENT = /^[A-Za-z0-9_-]{1,64}$/;
/** botocore service names: lower-case words joined by `-` (`ec2`, `cognito-idp`, `redshift-data`). */
const SERVICE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** PascalCase operation names as botocore's service models spell them. */
const OPERATION = /^[A-Z][A-Za-z0-9]{1,127}$/;
/** Top-level parameter names are model member names: letters and digits. */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

const QUERY_FIELDS = ['account_id', 'calls', 'tool_name', 'arguments', 'region', 'requested_by'];
const QUERY_ACCOUNTS_FIELDS = ['account_ids', 'environment', 'all', 'calls', 'regions', 'requested_by'];
const REQUESTED_BY_FIELDS = ['requested_by'];
const CALL_FIELDS = ['service', 'operation', 'params', 'paginate', 'region'];

type Event = Readonly<Record<string, unknown>>;

export function parseRequestedBy(event: Event): string {
  onlyFields(event, REQUESTED_BY_FIELDS, 'this tool');
  return validateRequestedBy(event.requested_by);
}

export function parseQuery(event: Event): QueryInput {
  onlyFields(event, QUERY_FIELDS, 'query');
  const accountId = event.account_id;
  if (accountId !== undefined && !(typeof accountId === 'string' && ACCOUNT_ID.test(accountId))) {
    throw new InvalidInputError('account_id must be a 12-digit account id');
  }
  // Fields are checked in this order: the first invalid one is the one reported.
  const request = parseRequest(event);
  const region = event.region === undefined || event.region === '' ? undefined : parseRegion(event.region);
  return { accountId, region, request };
}

export function parseQueryAccounts(event: Event): QueryAccountsInput {
  onlyFields(event, QUERY_ACCOUNTS_FIELDS, 'query_accounts');
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
  const calls = parseCalls(event.calls);
  return {
    accountIds: ids === undefined ? undefined : [...new Set(ids as string[])],
    environment: environment !== undefined && !environmentAll ? (environment as string) : undefined,
    all: all === true || environmentAll,
    regions: regions === undefined ? undefined : [...new Set((regions as unknown[]).map(parseRegion))],
    calls,
    requestedBy: validateRequestedBy(event.requested_by),
  };
}

/** `calls`, or a documentation tool by name; the two exclude each other. */
function parseRequest(event: Event): QueryRequest {
  if (event.tool_name !== undefined || event.arguments !== undefined) {
    if (event.calls !== undefined) throw new InvalidInputError('give calls or tool_name, not both');
    const toolName = parseToolName(event.tool_name);
    const args = jsonObject(event.arguments ?? {}, 'arguments');
    return {
      kind: 'documentation',
      toolName,
      arguments: args,
      requestedBy: validateRequestedBy(event.requested_by),
    };
  }
  return {
    kind: 'calls',
    calls: parseCalls(event.calls),
    requestedBy: validateRequestedBy(event.requested_by),
  };
}

/** `[{ service, operation, params?, paginate?, region? }]`, 1 to MAX_CALLS of them. */
export function parseCalls(value: unknown): AwsCall[] {
  const list = typeof value === 'string' ? parseJson(value, 'calls') : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CALLS) {
    throw new InvalidInputError(
      `calls must be a list of 1 to ${MAX_CALLS} calls like {"service": "ec2", "operation": "DescribeInstances", "params": {}}`,
    );
  }
  return list.map((item, index) => parseCall(item, `calls[${index}]`));
}

function parseCall(value: unknown, at: string): AwsCall {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${at} must be an object {service, operation, params?, paginate?, region?}`);
  }
  const call = value as Record<string, unknown>;
  onlyFields(call, CALL_FIELDS, at);
  if (typeof call.service !== 'string' || !SERVICE.test(call.service) || call.service.length > 64) {
    throw new InvalidInputError(
      `${at}.service must be a botocore service name such as ec2, s3 or cognito-idp`,
    );
  }
  if (typeof call.operation !== 'string' || !OPERATION.test(call.operation)) {
    throw new InvalidInputError(
      `${at}.operation must be a PascalCase operation name such as DescribeInstances`,
    );
  }
  const params = jsonObject(call.params ?? {}, `${at}.params`);
  for (const key of Object.keys(params)) {
    if (!PARAM_NAME.test(key))
      throw new InvalidInputError(`${at}.params has a parameter name that is not a model member name`);
  }
  if (JSON.stringify(params).length > MAX_PARAMS_CHARS) {
    throw new InvalidInputError(`${at}.params is longer than ${MAX_PARAMS_CHARS} characters`);
  }
  if (depth(params) > MAX_PARAMS_DEPTH) {
    throw new InvalidInputError(`${at}.params is nested deeper than ${MAX_PARAMS_DEPTH} levels`);
  }
  return {
    service: call.service,
    operation: call.operation,
    params,
    pages: parsePages(call.paginate, at),
    ...(call.region === undefined || call.region === '' ? {} : { region: parseRegion(call.region) }),
  };
}

function parsePages(value: unknown, at: string): number {
  if (value === undefined || value === false) return 1;
  if (value === true) return MAX_PAGES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGES) return value;
  throw new InvalidInputError(`${at}.paginate must be true or a number of pages from 1 to ${MAX_PAGES}`);
}

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

/** Refuses any field not in `allowed`: an unexpected field is never passed on. */
function onlyFields(
  value: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
  what: string,
): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((key) => JSON.stringify(key.slice(0, 40)));
    throw new InvalidInputError(
      `${what} takes no field ${shown.join(', ')}; its fields are ${allowed.join(', ')}`,
    );
  }
}

function parseToolName(value: unknown): string {
  if (typeof value !== 'string' || !TOOL_NAME.test(value)) {
    throw new InvalidInputError(
      'tool_name must name an AWS MCP Server documentation tool, e.g. aws___search_documentation',
    );
  }
  return value;
}

function parseRegion(value: unknown): string {
  if (typeof value !== 'string' || !REGION.test(value))
    throw new InvalidInputError('region must look like us-east-1');
  return value;
}

/** An object; a model sometimes sends one as JSON text, which is accepted too. */
function jsonObject(value: unknown, what: string): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parseJson(value, what) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError(`${what} must be an object`);
  }
  return parsed as Record<string, unknown>;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} must be JSON`, { cause: error });
  }
}
