/**
 * The Teams adapter's configuration, read from the environment in one place. The app password is
 * a secret: in AWS it lives in Secrets Manager (MICROSOFT_APP_PASSWORD_SECRET_ID) and is fetched
 * once per cold start; locally it may come straight from MICROSOFT_APP_PASSWORD.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { identityConfig } from '../identity/config.ts';
import { WorkspaceAllowList } from '../identity/workspaces.ts';
import { TeamsConfigError } from './errors.ts';

export interface TeamsConfig {
  /** Entra app (bot) id; unset means local, unauthenticated mode. */
  readonly appId?: string;
  /** Single-tenant: the tenant the app is registered in. */
  readonly appTenantId?: string;
  readonly appPassword?: string;
  /** ALLOWED_WORKSPACES (`teams:<tenant id>` entries); empty refuses everyone (fail closed). */
  readonly allowList: WorkspaceAllowList;
  /** Lambda the ack path invokes asynchronously; unset runs the work in-process (local). */
  readonly workerFunctionName?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadTeamsConfigOptions {
  /** @default process.env */
  readonly env?: Env;
  /** Reads the secret named by MICROSOFT_APP_PASSWORD_SECRET_ID. @default Secrets Manager GetSecretValue */
  readonly readSecret?: (secretId: string) => Promise<string>;
}

export async function loadTeamsConfig(options: LoadTeamsConfigOptions = {}): Promise<TeamsConfig> {
  const env = options.env ?? process.env;
  const readSecret = options.readSecret ?? readSecretsManagerString;
  const appId = nonEmpty(env.MICROSOFT_APP_ID);
  const appTenantId = nonEmpty(env.MICROSOFT_APP_TENANT_ID);
  if (!appId && env.AWS_LAMBDA_FUNCTION_NAME) {
    // Unauthenticated mode is for local runs only: a deployed endpoint without an app id would
    // accept activities from anyone, tenant included.
    throw new TeamsConfigError('MICROSOFT_APP_ID is required when running in AWS Lambda');
  }
  const secretId = nonEmpty(env.MICROSOFT_APP_PASSWORD_SECRET_ID);
  const appPassword = !appId
    ? undefined
    : secretId
      ? await readSecret(secretId)
      : nonEmpty(env.MICROSOFT_APP_PASSWORD);
  if (appId && (!appTenantId || !appPassword)) {
    throw new TeamsConfigError(
      'MICROSOFT_APP_ID is set: MICROSOFT_APP_TENANT_ID and the app password (MICROSOFT_APP_PASSWORD_SECRET_ID or MICROSOFT_APP_PASSWORD) are required too',
    );
  }
  return {
    ...(appId ? { appId, appTenantId, appPassword } : {}),
    allowList: new WorkspaceAllowList(identityConfig(env as NodeJS.ProcessEnv).allowedWorkspaces),
    ...(nonEmpty(env.WORKER_FUNCTION_NAME) ? { workerFunctionName: env.WORKER_FUNCTION_NAME } : {}),
  };
}

let cached: Promise<TeamsConfig> | undefined;

/** The process-wide config: loaded on first use and kept for the life of the Lambda sandbox. */
export function teamsConfigOnce(): Promise<TeamsConfig> {
  cached ??= loadTeamsConfig().catch((error: unknown) => {
    // A failed load (e.g. Secrets Manager throttled) must not poison the sandbox.
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readSecretsManagerString(secretId: string): Promise<string> {
  const client = new SecretsManagerClient({});
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!result.SecretString) throw new TeamsConfigError(`secret ${secretId} has no string value`);
    return result.SecretString;
  } catch (error) {
    if (error instanceof TeamsConfigError) throw error;
    throw new TeamsConfigError(`cannot read secret ${secretId}`, { cause: error });
  } finally {
    client.destroy();
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}
