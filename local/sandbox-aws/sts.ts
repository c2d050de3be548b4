/**
 * STS over the query protocol (form-encoded POST, XML answers), as @aws-sdk/client-sts speaks it
 * through AWS_ENDPOINT_URL_STS: AssumeRole and GetCallerIdentity. AssumeRole can be throttled
 * (`Throttling`, `RequestLimitExceeded`) per account or by a rate limit (faults.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CredentialStore, KnownCredentials } from './credentials.ts';
import { AwsApiError } from './errors.ts';
import type { FaultPlan } from './faults.ts';
import type { SandboxRequest, SandboxResponse } from './http-types.ts';
import { SIGV4_FAILURE, type SigV4Failure, verifySigV4 } from './sigv4.ts';
import type { StsCallRecord } from './types.ts';

export interface StsContext {
  readonly store: CredentialStore;
  /** Whether a role exists in an account and trusts the central account (member target role, organization-read role). */
  readonly mayAssume: (accountId: string, roleName: string) => boolean;
  readonly externalId?: string;
  readonly maxSessionDurationSeconds: number;
  readonly now: () => number;
  readonly calls: StsCallRecord[];
  /** Throttling injected per account, and the rate limit. */
  readonly faults: FaultPlan;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
// Constraints from the AssumeRole API reference.
const NAME_PATTERN = /^[\w+=,.@-]*$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const DEFAULT_DURATION_SECONDS = 3600;

const SIGV4_ERRORS: Record<SigV4Failure, string> = {
  [SIGV4_FAILURE.missing]: 'MissingAuthenticationToken',
  [SIGV4_FAILURE.badScope]: 'SignatureDoesNotMatch',
  [SIGV4_FAILURE.unknownKey]: 'InvalidClientTokenId',
  [SIGV4_FAILURE.badToken]: 'InvalidClientTokenId',
  [SIGV4_FAILURE.expired]: 'ExpiredToken',
  [SIGV4_FAILURE.skew]: 'SignatureDoesNotMatch',
  [SIGV4_FAILURE.badSignature]: 'SignatureDoesNotMatch',
};

export async function handleSts(ctx: StsContext, request: SandboxRequest): Promise<SandboxResponse> {
  const form = new URLSearchParams(
    request.method === 'POST' ? request.body : new URL(request.url, 'http://x').search,
  );
  const action = form.get('Action') ?? '';
  try {
    const auth = await verifySigV4({ ...request, service: 'sts', store: ctx.store, now: ctx.now() });
    if (!auth.ok) throw new AwsApiError(SIGV4_ERRORS[auth.reason], auth.message, 403);
    switch (action) {
      case 'AssumeRole': {
        // STS answers throttling as a Sender fault, HTTP 400, before it looks at the request.
        const throttled = ctx.faults.takeSts(ROLE_ARN.exec(form.get('RoleArn') ?? '')?.[1] ?? '');
        if (throttled) throw new AwsApiError(throttled, 'Rate exceeded', 400);
        await ctx.faults.wait(ctx.faults.handshakeLatencyMs, request.signal);
        const body = assumeRole(ctx, form, auth.credentials);
        ctx.calls.push({ ...recordFromForm(action, form), ok: true });
        return xml(200, body);
      }
      case 'GetCallerIdentity':
        ctx.calls.push({ ...recordFromForm(action, form), accountId: auth.credentials.accountId, ok: true });
        return xml(200, getCallerIdentity(auth.credentials));
      default:
        throw new AwsApiError(
          'InvalidAction',
          `Could not find operation ${action} for version 2011-06-15`,
          400,
        );
    }
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    ctx.calls.push({ ...recordFromForm(action, form), ok: false, errorCode: error.code });
    return xml(
      error.status,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    );
  }
}

function assumeRole(ctx: StsContext, form: URLSearchParams, caller: KnownCredentials): string {
  const roleArn = form.get('RoleArn') ?? '';
  const roleSessionName = form.get('RoleSessionName') ?? '';
  const externalId = form.get('ExternalId') ?? undefined;
  const sourceIdentity = form.get('SourceIdentity') ?? undefined;
  const durationSeconds = Number(form.get('DurationSeconds') ?? DEFAULT_DURATION_SECONDS);
  validateLength('roleArn', roleArn, 20, 2048);
  validateName('roleSessionName', roleSessionName, 2, 64, NAME_PATTERN);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43200) {
    throw validation(
      'durationSeconds',
      String(form.get('DurationSeconds')),
      durationSeconds < 900
        ? 'Member must have value greater than or equal to 900'
        : 'Member must have value less than or equal to 43200',
    );
  }
  if (externalId !== undefined) validateName('externalId', externalId, 2, 1224, EXTERNAL_ID_PATTERN);
  if (sourceIdentity !== undefined) validateName('sourceIdentity', sourceIdentity, 2, 64, NAME_PATTERN);
  const arn = ROLE_ARN.exec(roleArn);
  if (!arn) throw new AwsApiError('ValidationError', `${roleArn} is invalid`);
  const [, accountId, roleName] = arn as unknown as [string, string, string];
  const denied = (): AwsApiError =>
    new AwsApiError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  // The roles trust the central account's principal only, under the configured ExternalId.
  if (
    caller.kind !== 'long-term' ||
    !ctx.mayAssume(accountId, roleName) ||
    (ctx.externalId !== undefined && externalId !== ctx.externalId)
  ) {
    throw denied();
  }
  if (durationSeconds > ctx.maxSessionDurationSeconds) {
    throw new AwsApiError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const expiresAt = Math.floor(ctx.now() / 1000) * 1000 + durationSeconds * 1000;
  const issued = ctx.store.issue({
    accountId,
    roleName,
    roleSessionName,
    ...(sourceIdentity ? { sourceIdentity } : {}),
    expiresAt,
  });
  return (
    `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>` +
    (sourceIdentity ? `<SourceIdentity>${escapeXml(sourceIdentity)}</SourceIdentity>` : '') +
    `<AssumedRoleUser><Arn>${escapeXml(issued.arn)}</Arn><AssumedRoleId>${escapeXml(issued.assumedRoleId)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${issued.sessionToken}</SessionToken><Expiration>${new Date(expiresAt).toISOString().replace('.000', '')}</Expiration></Credentials>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

function getCallerIdentity(caller: KnownCredentials): string {
  const userId = caller.kind === 'session' ? caller.assumedRoleId : `AIDA${caller.accessKeyId.slice(4)}`;
  return (
    `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${escapeXml(caller.arn)}</Arn>` +
    `<UserId>${escapeXml(userId)}</UserId><Account>${caller.accountId}</Account></GetCallerIdentityResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
  );
}

function recordFromForm(action: string, form: URLSearchParams): StsCallRecord {
  const arn = ROLE_ARN.exec(form.get('RoleArn') ?? '');
  const externalId = form.get('ExternalId');
  const sourceIdentity = form.get('SourceIdentity');
  return {
    action,
    ok: false,
    accountId: arn?.[1] ?? '',
    roleName: arn?.[2] ?? '',
    roleSessionName: form.get('RoleSessionName') ?? '',
    durationSeconds: Number(
      form.get('DurationSeconds') ?? (action === 'AssumeRole' ? DEFAULT_DURATION_SECONDS : 0),
    ),
    ...(externalId !== null ? { externalId } : {}),
    ...(sourceIdentity !== null ? { sourceIdentity } : {}),
  };
}

function validateLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min)
    throw validation(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw validation(field, value, `Member must have length less than or equal to ${max}`);
}

function validateName(field: string, value: string, min: number, max: number, pattern: RegExp): void {
  validateLength(field, value, min, max);
  if (!pattern.test(value)) {
    throw validation(
      field,
      value,
      `Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`,
    );
  }
}

function validation(field: string, value: string, constraint: string): AwsApiError {
  return new AwsApiError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

function xml(status: number, body: string): SandboxResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }, body };
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
