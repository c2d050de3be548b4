/**
 * Exchanges the authorization code at the Hosted UI's `/oauth2/token` (public client + PKCE
 * verifier). Only the ID token is returned; access and refresh tokens are dropped unread.
 */

import { messageOf } from '#common/errors.ts';
import { LinkExchangeError } from './errors.ts';

export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
}

export interface TokenExchangerOptions {
  /** COGNITO_DOMAIN */
  readonly cognitoDomain: string;
  /** LINK_CLIENT_ID */
  readonly clientId: string;
  /** LINK_CALLBACK_URL: must equal the redirect_uri the authorize request carried. */
  readonly callbackUrl: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export class TokenExchanger {
  readonly #options: TokenExchangerOptions;
  readonly #fetch: typeof fetch;

  constructor(options: TokenExchangerOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Returns the ID token. */
  async exchange({ code, codeVerifier }: CodeExchange): Promise<string> {
    const url = new URL('/oauth2/token', this.#options.cognitoDomain);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: this.#options.clientId,
          code,
          redirect_uri: this.#options.callbackUrl,
          code_verifier: codeVerifier,
        }),
      });
    } catch (error) {
      throw new LinkExchangeError(`The token endpoint could not be reached: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
    if (!response.ok || typeof body.id_token !== 'string') {
      throw new LinkExchangeError(
        `The token endpoint refused the code (HTTP ${response.status}, ${String(body.error ?? 'no id_token')})`,
      );
    }
    return body.id_token;
  }
}
