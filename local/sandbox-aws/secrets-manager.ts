/**
 * Secrets Manager over its JSON 1.1 protocol (`X-Amz-Target: secretsmanager.<Operation>`), as
 * @aws-sdk/client-secrets-manager speaks it through AWS_ENDPOINT_URL_SECRETS_MANAGER: GetSecretValue
 * of the central account's secrets, SigV4 verified, with the service's own error shapes.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialStore } from './credentials.ts';
import { AwsApiError } from './errors.ts';
import type { SandboxRequest, SandboxResponse } from './http-types.ts';
import { verifySigV4 } from './sigv4.ts';

export const SECRETS_MANAGER_TARGET_PREFIX = 'secretsmanager.';

export interface SecretsManagerContext {
  readonly store: CredentialStore;
  readonly region: string;
  /** Secret name → value; `undefined` is a secret created without a value (as infra's empty secrets). */
  readonly secrets: ReadonlyMap<string, string | undefined>;
  readonly calls: string[];
  readonly now: () => number;
}

export async function handleSecretsManager(
  ctx: SecretsManagerContext,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  try {
    const auth = await verifySigV4({
      ...request,
      service: 'secretsmanager',
      store: ctx.store,
      now: ctx.now(),
    });
    if (!auth.ok) {
      throw new AwsApiError(
        auth.reason === 'unknownKey' ? 'UnrecognizedClientException' : 'InvalidSignatureException',
        auth.message,
        400,
      );
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.slice(SECRETS_MANAGER_TARGET_PREFIX.length);
    if (operation !== 'GetSecretValue') {
      throw new AwsApiError('UnknownOperationException', `Unknown operation ${target}`);
    }
    const input = JSON.parse(request.body || '{}') as { SecretId?: unknown };
    const secretId = typeof input.SecretId === 'string' ? input.SecretId : '';
    ctx.calls.push(secretId);
    return json(200, getSecretValue(ctx, secretId, auth.credentials.accountId));
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    return json(error.status, { __type: error.code, Message: error.message });
  }
}

function getSecretValue(ctx: SecretsManagerContext, secretId: string, accountId: string): unknown {
  if (secretId.length < 1 || secretId.length > 2048) {
    throw new AwsApiError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
  // Callers may name a secret by its name or its ARN (`...:secret:<name>-<6 random chars>`).
  const name =
    /^arn:aws:secretsmanager:[^:]+:\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/.exec(secretId)?.[1] ?? secretId;
  if (!ctx.secrets.has(name)) {
    throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  }
  const value = ctx.secrets.get(name);
  if (value === undefined) {
    throw new AwsApiError(
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    );
  }
  return {
    ARN: `arn:aws:secretsmanager:${ctx.region}:${accountId}:secret:${name}-AbCdEf`,
    Name: name,
    SecretString: value,
    VersionId: randomUUID(),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: Math.floor(ctx.now() / 1000),
  };
}

function json(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}
