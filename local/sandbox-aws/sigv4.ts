/**
 * Verifies an incoming request's AWS Signature Version 4 by recomputing it with
 * @smithy/signature-v4 from the secret of the credentials the key id names.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialStore, KnownCredentials } from './credentials.ts';

export const SIGV4_FAILURE = {
  missing: 'missing',
  badScope: 'badScope',
  unknownKey: 'unknownKey',
  badToken: 'badToken',
  expired: 'expired',
  skew: 'skew',
  badSignature: 'badSignature',
} as const;
export type SigV4Failure = (typeof SIGV4_FAILURE)[keyof typeof SIGV4_FAILURE];

/** The error code AWS's JSON protocols answer for each failure (STS's query protocol has its own). */
export const JSON_AUTH_ERRORS: Record<SigV4Failure, string> = {
  [SIGV4_FAILURE.missing]: 'MissingAuthenticationTokenException',
  [SIGV4_FAILURE.badScope]: 'InvalidSignatureException',
  [SIGV4_FAILURE.unknownKey]: 'UnrecognizedClientException',
  [SIGV4_FAILURE.badToken]: 'UnrecognizedClientException',
  [SIGV4_FAILURE.expired]: 'ExpiredTokenException',
  [SIGV4_FAILURE.skew]: 'InvalidSignatureException',
  [SIGV4_FAILURE.badSignature]: 'InvalidSignatureException',
};

export type SigV4Result =
  | { readonly ok: true; readonly credentials: KnownCredentials; readonly region: string }
  | {
      readonly ok: false;
      readonly reason: SigV4Failure;
      readonly message: string;
      /** Credentials the key id named, when it named any (to attribute refused calls). */
      readonly credentials?: KnownCredentials;
    };

export interface SigV4VerifyInput {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly service: string;
  /** Regions the credential scope may name; any region when absent. */
  readonly regions?: readonly string[];
  readonly store: CredentialStore;
  /** Epoch ms deciding credential expiry. */
  readonly now: number;
}

const MAX_SKEW_MS = 5 * 60_000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

export async function verifySigV4(input: SigV4VerifyInput): Promise<SigV4Result> {
  const authorization = header(input.headers, 'authorization');
  const match = authorization ? AUTHORIZATION.exec(authorization.trim()) : null;
  if (!match) {
    return fail('missing', 'Missing Authentication Token');
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] =
    match as unknown as string[];
  const amzDate = header(input.headers, 'x-amz-date') ?? '';
  if (service !== input.service) {
    return fail('badScope', `Credential should be scoped to correct service: '${input.service}'.`);
  }
  if (input.regions && !input.regions.includes(region!)) {
    return fail('badScope', `Credential should be scoped to a valid region, not '${region}'.`);
  }
  const credentials = input.store.lookup(accessKeyId!);
  if (!credentials) {
    return fail('unknownKey', 'The security token included in the request is invalid.');
  }
  const token = header(input.headers, 'x-amz-security-token');
  const tokenMatches =
    credentials.kind === 'session'
      ? token !== undefined && safeEqual(token, credentials.sessionToken)
      : !token;
  if (!tokenMatches) {
    return fail('badToken', 'The security token included in the request is invalid.', credentials);
  }
  if (credentials.kind === 'session' && input.now >= credentials.expiresAt) {
    return fail('expired', 'The security token included in the request is expired', credentials);
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(scopeDate!)) {
    return fail(
      'badSignature',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
      credentials,
    );
  }
  // Skew is judged on the wall clock the client signed with, not the sandbox's (possibly advanced) clock.
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) {
    return fail('skew', `Signature expired: ${amzDate} is now earlier than the allowed skew.`, credentials);
  }
  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host')) {
    return fail('badSignature', "'Host' must be a 'SignedHeader' in the AWS Authorization.", credentials);
  }
  const payloadHash = header(input.headers, 'x-amz-content-sha256');
  if (payloadHash && payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(input.body)) {
    return fail(
      'badSignature',
      'The provided x-amz-content-sha256 header does not match what was computed.',
      credentials,
    );
  }
  const expected = await computeSignature(input, credentials, {
    region: region!,
    signingDate,
    signedHeaders,
    signsToken: signedHeaders.includes('x-amz-security-token'),
  });
  if (!expected || !safeEqual(expected, signature!)) {
    return fail(
      'badSignature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      credentials,
    );
  }
  return { ok: true, credentials, region: region! };
}

async function computeSignature(
  input: SigV4VerifyInput,
  credentials: KnownCredentials,
  scope: { region: string; signingDate: Date; signedHeaders: string[]; signsToken: boolean },
): Promise<string | undefined> {
  const url = new URL(input.url, 'http://sandbox.invalid');
  const headers: Record<string, string> = {};
  for (const name of scope.signedHeaders) {
    const value = header(input.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const signer = new SignatureV4({
    service: input.service,
    region: scope.region,
    sha256: Sha256,
    // The client decides whether the payload hash header is signed; recompute exactly what it signed.
    applyChecksum: false,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.kind === 'session' && scope.signsToken
        ? { sessionToken: credentials.sessionToken }
        : {}),
    },
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: input.method,
      protocol: 'http:',
      hostname: 'sandbox.invalid',
      // As the client signed it: its path already URI-encoded, which the signer escapes once more.
      path: url.pathname,
      query,
      headers,
      body: input.body,
    }),
    { signingDate: scope.signingDate, signableHeaders: new Set(scope.signedHeaders) },
  );
  return /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1];
}

function fail(reason: SigV4Failure, message: string, credentials?: KnownCredentials): SigV4Result {
  return credentials ? { ok: false, reason, message, credentials } : { ok: false, reason, message };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function sha256Hex(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
