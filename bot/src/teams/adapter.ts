/**
 * The botbuilder CloudAdapter with Bot Framework / Entra JWT validation for a single-tenant app.
 * Every botbuilder import of the Teams adapter goes through this folder; moving to the
 * Microsoft 365 Agents SDK replaces this file and sender.ts.
 */
import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  PasswordServiceClientCredentialFactory,
} from 'botframework-connector';
import { messageOf } from '#common/errors.ts';
import type { TeamsConfig } from './config.ts';

export interface TeamsAdapterOptions {
  /**
   * Where the channel's signing keys are published (OpenID metadata). Tests point it at a
   * local stand-in; production keeps Bot Framework's.
   * @default https://login.botframework.com/v1/.well-known/openidconfiguration
   */
  readonly openIdMetadataUrl?: string;
}

/**
 * With an app id, inbound requests must carry a valid Bot Framework JWT for that app (the
 * adapter answers 401 otherwise) and outbound calls get Entra tokens for it (with the app
 * password; a config without one, the ack path's, can only receive). Without an app id (local
 * only) botbuilder runs unauthenticated.
 */
export function createTeamsAdapter(config: TeamsConfig, options: TeamsAdapterOptions = {}): CloudAdapter {
  const settings: Record<string, string> = {};
  if (config.appId) {
    settings.MicrosoftAppId = config.appId;
    settings.MicrosoftAppType = 'SingleTenant';
    settings.MicrosoftAppTenantId = config.appTenantId ?? '';
    settings.MicrosoftAppPassword = config.appPassword ?? '';
  }
  if (options.openIdMetadataUrl) {
    // Overriding one endpoint makes botbuilder expect all of them: keep the public cloud's.
    Object.assign(settings, {
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl,
    });
  }
  // botbuilder's configuration factory insists on a password even for inbound checks, which take
  // the app id and tenant alone: the ack path, never given one, gets a receive-only factory.
  const receiveOnly =
    config.appId && !config.appPassword
      ? new PasswordServiceClientCredentialFactory(config.appId, '', config.appTenantId ?? '')
      : undefined;
  const authentication = new ConfigurationBotFrameworkAuthentication(settings, receiveOnly);
  const authenticateRequest = authentication.authenticateRequest.bind(authentication);
  authentication.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  };
  // No onTurnError: errors reach the caller (handler → 500, worker → logged), never the chat.
  return new CloudAdapter(authentication);
}

const JWT_ERRORS: ReadonlySet<string> = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder lets jsonwebtoken's own errors (a known key id with a bad signature) escape as
 * plain errors, which CloudAdapter answers with 500: a forged token is a 401.
 */
function asAuthenticationError(error: unknown): unknown {
  if (error instanceof AuthenticationError) return error;
  const name = (error as Error | undefined)?.name ?? '';
  return JWT_ERRORS.has(name) ? new AuthenticationError(`Unauthorized: ${messageOf(error)}`, 401) : error;
}
