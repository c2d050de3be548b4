/** Identity and link-flow settings from the environment; every default is applied here. */
import { type Env, readEnv } from '#common/env.ts';

export interface IdentityConfig {
  /** ALLOWED_WORKSPACES: `slack:<team id>` / `teams:<tenant id>`, comma-separated. Empty refuses all. */
  readonly allowedWorkspaces: readonly string[];
  /** USER_POOL_ID */
  readonly userPoolId: string | undefined;
  /** COGNITO_DOMAIN: Hosted UI base URL, e.g. `https://centralops.auth.eu-west-1.amazoncognito.com`. */
  readonly cognitoDomain: string | undefined;
  /** LINK_CLIENT_ID: the public app client (no secret) used for the link flow. */
  readonly linkClientId: string | undefined;
  /** LINK_CALLBACK_URL: the callback Lambda's URL, registered on the app client. */
  readonly linkCallbackUrl: string | undefined;
  /** LINK_STATE_SECRET: HMAC key of the `state` parameter (at least 32 characters). */
  readonly linkStateSecret: string | undefined;
  /** COGNITO_ISSUER: the ID tokens' `iss`. @default `https://cognito-idp.<AWS_REGION>.amazonaws.com/<USER_POOL_ID>` */
  readonly cognitoIssuer: string | undefined;
  /** LINK_TTL_SECONDS: how long a link stays usable. @default 600 */
  readonly linkTtlSeconds: number;
}

export function identityConfig(env: Env = process.env): IdentityConfig {
  const read = readEnv(env);
  const userPoolId = read.text('USER_POOL_ID');
  const region = read.region();
  return {
    allowedWorkspaces: read.list('ALLOWED_WORKSPACES'),
    userPoolId,
    cognitoDomain: read.text('COGNITO_DOMAIN')?.replace(/\/+$/, '') || undefined,
    linkClientId: read.text('LINK_CLIENT_ID'),
    linkCallbackUrl: read.text('LINK_CALLBACK_URL'),
    linkStateSecret: read.text('LINK_STATE_SECRET'),
    cognitoIssuer:
      read.text('COGNITO_ISSUER') ??
      (userPoolId && region ? `https://cognito-idp.${region}.amazonaws.com/${userPoolId}` : undefined),
    linkTtlSeconds: read.positiveNumber('LINK_TTL_SECONDS', 600, { finite: false }),
  };
}
