/**
 * The Teams adapter's configuration, read from the environment in one place. The app password is
 * a secret: in AWS the function gets MICROSOFT_APP_PASSWORD_SECRET_ID and botEnvironment() reads it
 * from Secrets Manager once per cold start; locally it may come straight from MICROSOFT_APP_PASSWORD.
 */
import { type Env, readEnv } from '#common/env.ts';
import { ConfigError } from '#common/errors.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { botEnvironment } from '../core/secrets.ts';
import { identityConfig } from '../identity/config.ts';
import { WorkspaceAllowList } from '../identity/workspaces.ts';
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

export interface LoadTeamsConfigOptions {
  /**
   * Whether the function sends to Teams (worker, link callback) and so needs the app password. The
   * ack path only validates inbound tokens, which takes the app id and tenant alone.
   * @default true
   */
  readonly outbound?: boolean;
}

/** The settings from `env`, whose secrets are already resolved (see botEnvironment). */
export function loadTeamsConfig(env: Env = process.env, options: LoadTeamsConfigOptions = {}): TeamsConfig {
  const outbound = options.outbound ?? true;
  const read = readEnv(env);
  const appId = read.text('MICROSOFT_APP_ID');
  const appTenantId = read.text('MICROSOFT_APP_TENANT_ID');
  if (!appId && read.text('AWS_LAMBDA_FUNCTION_NAME')) {
    // Unauthenticated mode is for local runs only: a deployed endpoint without an app id would
    // accept activities from anyone, tenant included.
    throw new ConfigError('MICROSOFT_APP_ID is required when running in AWS Lambda');
  }
  const appPassword = appId && outbound ? read.text('MICROSOFT_APP_PASSWORD') : undefined;
  if (appId && !appTenantId) {
    throw new ConfigError('MICROSOFT_APP_ID is set: MICROSOFT_APP_TENANT_ID is required too');
  }
  if (appId && outbound && !appPassword) {
    throw new ConfigError(
      'MICROSOFT_APP_ID is set: the app password (MICROSOFT_APP_PASSWORD_SECRET_ID or MICROSOFT_APP_PASSWORD) is required to send to Teams',
    );
  }
  return {
    ...(appId ? { appId, appTenantId, ...(appPassword ? { appPassword } : {}) } : {}),
    allowList: new WorkspaceAllowList(identityConfig(env).allowedWorkspaces),
    ...(read.text('WORKER_FUNCTION_NAME') ? { workerFunctionName: read.text('WORKER_FUNCTION_NAME') } : {}),
  };
}

/** The process-wide config of a function that sends to Teams: loaded on first use, kept for the sandbox's life. */
export const teamsConfigOnce: () => Promise<TeamsConfig> = onFirstUse(async () =>
  loadTeamsConfig(await botEnvironment()),
);

/** The same for the ack path, which never sends and is given no password. */
export const teamsAckConfigOnce: () => Promise<TeamsConfig> = onFirstUse(async () =>
  loadTeamsConfig(await botEnvironment(), { outbound: false }),
);
