/**
 * Lambda entry point of the link-flow callback (API Gateway HTTP API / Function URL, payload 2.0):
 * GET <LINK_CALLBACK_URL>?code=…&state=… from the Hosted UI's redirect, then the POST of the
 * confirmation form that page shows.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Env, requireSetting } from '#common/env.ts';
import { onFirstUse } from '../core/cold-start.ts';
import { createBotLogger } from '../core/logger.ts';
import type { LinkConfirmationNotifier } from '../core/ports.ts';
import { linkCallbackEnvironment } from '../core/secrets.ts';
import { identityStores } from '../identity/index.ts';
import { PLATFORMS } from '../platforms.ts';
import { IdTokenVerifier } from './id-token.ts';
import { LinkCallback, type LinkCallbackResult } from './LinkCallback.ts';
import { PlatformLinkNotifier } from './notifier.ts';
import { linkPage } from './page.ts';
import { TokenExchanger } from './token-exchange.ts';

export interface CreateLinkCallbackOptions {
  /** @default process.env */
  readonly env?: Env;
  /** @default DynamoDBDocumentClient.from(new DynamoDBClient({})) */
  readonly documentClient?: DynamoDBDocumentClient;
  /** @default new CognitoIdentityProviderClient({}) */
  readonly cognitoClient?: CognitoIdentityProviderClient;
  /** @default each platform's link notifier (PLATFORMS) that `env` configures */
  readonly notifier?: LinkConfirmationNotifier;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default createBotLogger('centralops-link') */
  readonly logger?: Logger;
}

export async function createLinkCallback(options: CreateLinkCallbackOptions = {}): Promise<LinkCallback> {
  const env = options.env ?? process.env;
  // Linking is rare and must see the user's current state: no reuse of Cognito answers.
  const { config, now, identities, states, directory, allowedWorkspaces } = identityStores({
    ...options,
    directoryCacheMs: 0,
  });
  const cognitoDomain = requireSetting(config.cognitoDomain, 'COGNITO_DOMAIN');
  const clientId = requireSetting(config.linkClientId, 'LINK_CLIENT_ID');
  const callbackUrl = requireSetting(config.linkCallbackUrl, 'LINK_CALLBACK_URL');
  return new LinkCallback({
    states,
    identities,
    directory,
    tokens: new TokenExchanger({ cognitoDomain, clientId, callbackUrl }),
    idTokens: new IdTokenVerifier({
      issuer: requireSetting(config.cognitoIssuer, 'COGNITO_ISSUER (or USER_POOL_ID and AWS_REGION)'),
      clientId,
    }),
    notifier: options.notifier ?? (await platformLinkNotifier(env)),
    allowedWorkspaces,
    stateSecret: requireSetting(config.linkStateSecret, 'LINK_STATE_SECRET'),
    callbackUrl,
    logger: options.logger ?? createBotLogger('centralops-link'),
    now,
  });
}

/** A notifier for each chat platform `env` configures; the others are skipped. */
async function platformLinkNotifier(env: Env): Promise<PlatformLinkNotifier> {
  const notifiers = await Promise.all(
    Object.entries(PLATFORMS).map(async ([id, platform]) => [id, await platform.linkNotifier(env)] as const),
  );
  return new PlatformLinkNotifier(
    Object.fromEntries(notifiers.filter(([, notifier]) => notifier !== undefined)),
  );
}

export type LinkHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The Lambda handler around a LinkCallback, built on first use (cold start) and reused after. */
export function toLambdaHandler(build: () => LinkCallback | Promise<LinkCallback>): LinkHandler {
  const callback = onFirstUse(build);
  return async (event) => {
    const form = formOf(event);
    if (!form)
      return htmlResponse({
        statusCode: 400,
        html: linkPage('Link not valid', 'This request is malformed.'),
      });
    const result = await (await callback()).handle({
      method: event.requestContext.http.method.toUpperCase(),
      query: event.queryStringParameters ?? {},
      form,
      cookies: cookiesOf(event),
    });
    return htmlResponse(result);
  };
}

export const handler: LinkHandler = toLambdaHandler(async () =>
  createLinkCallback({ env: await linkCallbackEnvironment() }),
);

/** A confirmation form is a few hundred bytes: anything much larger is not ours. */
const MAX_FORM_BYTES = 8_192;

/** The urlencoded form of a POST (empty for a GET); undefined when it is too large or a field repeats. */
function formOf(event: APIGatewayProxyEventV2): Record<string, string> | undefined {
  if (!event.body) return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw.length > MAX_FORM_BYTES) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    if (Object.hasOwn(fields, name)) return undefined;
    fields[name] = value;
  }
  return fields;
}

/** Payload 2.0 hands cookies over as `name=value` strings. */
function cookiesOf(event: APIGatewayProxyEventV2): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0) cookies[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim();
  }
  return cookies;
}

function htmlResponse(
  result: Pick<LinkCallbackResult, 'statusCode' | 'html' | 'cookies'>,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The page shows nothing secret, but the URL it came from carried a code: keep it out of Referer.
      'referrer-policy': 'no-referrer',
      // No script, no framing (the confirmation must not be clicked through an overlay), posts only here.
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    },
    ...(result.cookies?.length ? { cookies: [...result.cookies] } : {}),
    body: result.html,
  };
}
