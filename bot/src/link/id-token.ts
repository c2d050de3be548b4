/**
 * Verifies the link flow's ID token with aws-jwt-verify: signature against the pool's JWKS,
 * issuer, audience = the link client, token_use = id, expiry. Returns who signed in (and their email).
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { messageOf } from '#common/errors.ts';
import { LinkExchangeError } from './errors.ts';

export interface VerifiedUser {
  readonly sub: string;
  readonly username: string;
  /** The `email` claim, when the pool has one for the user. */
  readonly email?: string;
}

export interface IdTokenVerifierOptions {
  /** COGNITO_ISSUER: `https://cognito-idp.<region>.amazonaws.com/<pool id>`; JWKS at `<issuer>/.well-known/jwks.json`. */
  readonly issuer: string;
  /** LINK_CLIENT_ID: the token's `aud`. */
  readonly clientId: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export class IdTokenVerifier {
  readonly #verifier;

  constructor(options: IdTokenVerifierOptions) {
    const fetchJwks = options.fetch ?? globalThis.fetch;
    // aws-jwt-verify's own fetcher speaks https only; this one also serves a local pool over http.
    const fetcher = {
      async fetch(uri: string): Promise<ArrayBuffer> {
        const response = await fetchJwks(uri);
        if (!response.ok) throw new LinkExchangeError(`JWKS ${uri} answered HTTP ${response.status}`);
        return response.arrayBuffer();
      },
    };
    this.#verifier = JwtVerifier.create(
      {
        issuer: options.issuer,
        audience: options.clientId,
        jwksUri: `${options.issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => {
          if (payload.token_use !== 'id') throw new Error('Not an ID token');
        },
      },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
  }

  async verify(idToken: string): Promise<VerifiedUser> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.#verifier.verify(idToken);
    } catch (error) {
      throw new LinkExchangeError(`The ID token did not verify: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const sub = payload.sub;
    const username = payload['cognito:username'];
    if (typeof sub !== 'string' || typeof username !== 'string') {
      throw new LinkExchangeError('The ID token names no sub or cognito:username');
    }
    const email = typeof payload.email === 'string' && payload.email ? payload.email : undefined;
    return { sub, username, ...(email ? { email } : {}) };
  }
}
