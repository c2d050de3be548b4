/**
 * AWS Organizations over its JSON 1.1 protocol (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`),
 * as @aws-sdk/client-organizations speaks it through AWS_ENDPOINT_URL_ORGANIZATIONS: the read calls
 * that walk an organization, paginated (MaxResults 1–20, opaque NextToken), SigV4 verified (service
 * `organizations`, signed for us-east-1 as the global endpoint requires), answered only to the
 * management account and delegated administrators, with the service's own error shapes.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialStore, KnownCredentials } from './credentials.ts';
import { AwsApiError } from './errors.ts';
import type { FaultPlan } from './faults.ts';
import type { SandboxRequest, SandboxResponse } from './http-types.ts';
import type { OrganizationAccount, SandboxOrganization } from './organization-tree.ts';
import { JSON_AUTH_ERRORS, verifySigV4 } from './sigv4.ts';
import type { OrganizationsCallRecord } from './types.ts';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';
/** Organizations is a global service homed in us-east-1: requests are signed for it. */
export const ORGANIZATIONS_SIGNING_REGION = 'us-east-1';
/** Faults injected without an operation apply to every operation. */
export const ANY_OPERATION = '*';

export interface OrganizationsContext {
  readonly store: CredentialStore;
  /** Undefined: no organization, every caller hears AWSOrganizationsNotInUseException. */
  readonly organization: SandboxOrganization | undefined;
  /** Latency and faults keyed by operation name, or ANY_OPERATION. */
  readonly faults: FaultPlan;
  readonly calls: OrganizationsCallRecord[];
  readonly now: () => number;
}

/** The service's own maximum page size for every List operation. */
const MAX_RESULTS = 20;

/** An Organizations error with the extra members some carry (`Reason`, `Type`). */
class OrganizationsError extends AwsApiError {
  readonly fields: Readonly<Record<string, string>>;

  constructor(code: string, message: string, status = 400, fields: Record<string, string> = {}) {
    super(code, message, status);
    this.fields = fields;
  }
}

function invalidInput(reason: string, message: string): OrganizationsError {
  return new OrganizationsError('InvalidInputException', message, 400, { Reason: reason });
}

export async function handleOrganizations(
  ctx: OrganizationsContext,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const operation = String(request.headers['x-amz-target'] ?? '').slice(ORGANIZATIONS_TARGET_PREFIX.length);
  let accountId = '';
  try {
    const auth = await verifySigV4({
      ...request,
      service: 'organizations',
      regions: [ORGANIZATIONS_SIGNING_REGION],
      store: ctx.store,
      now: ctx.now(),
    });
    accountId = auth.credentials?.accountId ?? '';
    if (!auth.ok) throw new OrganizationsError(JSON_AUTH_ERRORS[auth.reason], auth.message);
    const latency = ctx.faults.latencyFor(ANY_OPERATION);
    if ((await ctx.faults.wait(latency, request.signal)) !== 'elapsed' && latency > 0) {
      throw new OrganizationsError('ServiceException', 'The request was cancelled.', 503);
    }
    const fault = ctx.faults.take(operation) ?? ctx.faults.take(ANY_OPERATION);
    if (fault === 'throttle') {
      throw new OrganizationsError('TooManyRequestsException', 'Rate exceeded', 400, { Type: 'RequestRate' });
    }
    if (fault === 'server_error') {
      throw new OrganizationsError(
        'ServiceException',
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
        500,
      );
    }
    const organization = authorize(ctx.organization, operation, auth.credentials);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    } catch {
      throw new OrganizationsError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    const output = answer(organization, operation, input ?? {});
    ctx.calls.push({ operation, accountId, status: 200 });
    return json(200, output);
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    ctx.calls.push({ operation, accountId, status: error.status, errorCode: error.code });
    const fields = error instanceof OrganizationsError ? error.fields : {};
    return json(error.status, { __type: error.code, Message: error.message, ...fields });
  }
}

/**
 * Outside any organization: AWSOrganizationsNotInUseException. Inside: DescribeOrganization for
 * anyone; the rest for the management account and delegated administrators, through their
 * organization-read role (or long-term keys), AccessDeniedException otherwise.
 */
function authorize(
  organization: SandboxOrganization | undefined,
  operation: string,
  caller: KnownCredentials,
): SandboxOrganization {
  if (!organization?.account(caller.accountId)) {
    throw new OrganizationsError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.',
    );
  }
  if (operation === 'DescribeOrganization') return organization;
  const reader =
    organization.isAdministrator(caller.accountId) &&
    (caller.kind === 'long-term' || caller.roleName === organization.readRoleName);
  if (!reader) {
    throw new OrganizationsError(
      'AccessDeniedException',
      "You don't have permissions to access this resource.",
    );
  }
  return organization;
}

function answer(org: SandboxOrganization, operation: string, input: Record<string, unknown>): unknown {
  const arnBase = `arn:aws:organizations::${org.managementAccountId}`;
  const account = (a: OrganizationAccount) => accountJson(org, a);
  const ou = (id: string, name: string) => ({ Id: id, Arn: `${arnBase}:ou/${org.id}/${id}`, Name: name });
  switch (operation) {
    case 'DescribeOrganization':
      return {
        Organization: {
          Id: org.id,
          Arn: org.arn,
          FeatureSet: 'ALL',
          MasterAccountArn: `${arnBase}:account/${org.id}/${org.managementAccountId}`,
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: org.account(org.managementAccountId)?.email,
          AvailablePolicyTypes: [],
        },
      };
    case 'ListRoots':
      return page(
        org,
        operation,
        '',
        input,
        [{ Id: org.rootId, Arn: `${arnBase}:root/${org.id}/${org.rootId}`, Name: 'Root', PolicyTypes: [] }],
        'Roots',
      );
    case 'ListOrganizationalUnitsForParent': {
      const parentId = parent(org, input);
      const ous = org.childOus(parentId).map((unit) => ou(unit.id, unit.name));
      return page(org, operation, parentId, input, ous, 'OrganizationalUnits');
    }
    case 'ListAccountsForParent': {
      const parentId = parent(org, input);
      return page(org, operation, parentId, input, org.childAccounts(parentId).map(account), 'Accounts');
    }
    case 'ListAccounts':
      return page(org, operation, '', input, org.accounts().map(account), 'Accounts');
    case 'ListParents': {
      const childId = required(input, 'ChildId');
      const parentId = org.account(childId)?.parentId ?? org.ou(childId)?.parentId;
      if (parentId === undefined) {
        throw new OrganizationsError(
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      }
      const parents = [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
      return page(org, operation, childId, input, parents, 'Parents');
    }
    case 'DescribeOrganizationalUnit': {
      const unit = org.ou(required(input, 'OrganizationalUnitId'));
      if (!unit) {
        throw new OrganizationsError(
          'OrganizationalUnitNotFoundException',
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        );
      }
      return { OrganizationalUnit: ou(unit.id, unit.name) };
    }
    case 'ListTagsForResource': {
      const resourceId = required(input, 'ResourceId');
      const tags = org.account(resourceId)?.tags ?? (org.isParent(resourceId) ? {} : undefined);
      if (!tags) {
        throw new OrganizationsError(
          'TargetNotFoundException',
          "We can't find a root, OU, account, or policy with the TargetId that you specified.",
        );
      }
      const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      // ListTagsForResource takes no MaxResults: its pages are the service's own size.
      return page(org, operation, resourceId, { NextToken: input.NextToken }, list, 'Tags');
    }
    default:
      throw new OrganizationsError(
        'UnknownOperationException',
        `Unknown operation ${ORGANIZATIONS_TARGET_PREFIX}${operation}`,
      );
  }
}

function accountJson(org: SandboxOrganization, account: OrganizationAccount): Record<string, unknown> {
  // Before Account.State (2025) closed accounts read SUSPENDED and pending sign-ups ACTIVE.
  const status =
    account.state === 'CLOSED'
      ? 'SUSPENDED'
      : account.state === 'PENDING_ACTIVATION'
        ? 'ACTIVE'
        : account.state;
  return {
    Id: account.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${account.id}`,
    Email: account.email,
    Name: account.name,
    ...(org.accountStatusFields !== 'state' ? { Status: status } : {}),
    ...(org.accountStatusFields !== 'status' ? { State: account.state } : {}),
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: account.joinedAt / 1000,
  };
}

function required(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw invalidInput('INPUT_REQUIRED', `You must specify a value for all required parameters: ${name}.`);
  }
  return value;
}

function parent(org: SandboxOrganization, input: Record<string, unknown>): string {
  const parentId = required(input, 'ParentId');
  if (!org.isParent(parentId)) {
    throw new OrganizationsError(
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
    );
  }
  return parentId;
}

interface PageToken {
  /** Operation and listing the token belongs to. */
  readonly o: string;
  readonly k: string;
  /** Offset of the next item, and pages served so far. */
  readonly i: number;
  readonly p: number;
}

/**
 * One page of `items` under `key`, with a NextToken while more remain. MaxResults is 1–20 (the
 * default 20); a token is only good for the listing that issued it.
 */
function page(
  org: SandboxOrganization,
  operation: string,
  listing: string,
  input: Record<string, unknown>,
  items: readonly unknown[],
  key: string,
): Record<string, unknown> {
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) {
    throw invalidInput(
      'MIN_VALUE_EXCEEDED',
      'You provided a value that is less than the minimum allowed value.',
    );
  }
  if (typeof max === 'number' && max > MAX_RESULTS) {
    throw invalidInput('MAX_VALUE_EXCEEDED', 'You provided a value that exceeds the maximum allowed value.');
  }
  const size = typeof max === 'number' ? max : MAX_RESULTS;
  let offset = 0;
  let served = 0;
  if (input.NextToken !== undefined) {
    const token = decodeToken(input.NextToken);
    if (!token || token.o !== operation || token.k !== listing || token.i > items.length) {
      throw invalidInput(
        'INVALID_PAGINATION_TOKEN',
        'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
      );
    }
    offset = token.i;
    served = token.p;
  }
  const empty = org.emptyPageEvery > 0 && (served + 1) % org.emptyPageEvery === 0 && offset < items.length;
  const end = empty ? offset : Math.min(items.length, offset + size);
  const next: PageToken = { o: operation, k: listing, i: end, p: served + 1 };
  return {
    [key]: items.slice(offset, end),
    ...(end < items.length ? { NextToken: Buffer.from(JSON.stringify(next)).toString('base64url') } : {}),
  };
}

function decodeToken(value: unknown): PageToken | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as PageToken;
    return typeof token.o === 'string' &&
      typeof token.k === 'string' &&
      Number.isInteger(token.i) &&
      Number.isInteger(token.p)
      ? token
      : undefined;
  } catch {
    return undefined;
  }
}

function json(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}
