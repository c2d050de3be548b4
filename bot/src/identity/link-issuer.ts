/**
 * Issues one-time link URLs to the Cognito Hosted UI (authorization code + PKCE S256, scope
 * openid), bound to the chat identity that asked through the signed `state`.
 */
import { randomBytes } from 'node:crypto';
import type { LinkContext } from '../core/ports.ts';
import { type ChatIdentity, chatIdentityOf } from './identity-store.ts';
import { signLinkState } from './link-state.ts';
import type { LinkStateStore } from './link-state-store.ts';
import { codeChallengeS256, createCodeVerifier } from './pkce.ts';

export interface LinkIssuerOptions {
  readonly states: LinkStateStore;
  /** Hosted UI base URL (COGNITO_DOMAIN). */
  readonly cognitoDomain: string;
  /** LINK_CLIENT_ID */
  readonly clientId: string;
  /** LINK_CALLBACK_URL */
  readonly callbackUrl: string;
  /** LINK_STATE_SECRET */
  readonly stateSecret: string;
  /** @default 600 */
  readonly ttlSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface LinkUrlIssuer {
  /** `context`: kept with the link for the callback's page and its confirmation in chat. */
  createLinkUrl(who: ChatIdentity, context?: LinkContext): Promise<string>;
}

export class LinkIssuer implements LinkUrlIssuer {
  readonly #options: LinkIssuerOptions;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: LinkIssuerOptions) {
    this.#options = options;
    this.#ttlMs = (options.ttlSeconds ?? 600) * 1000;
    this.#now = options.now ?? Date.now;
  }

  async createLinkUrl(who: ChatIdentity, context: LinkContext = {}): Promise<string> {
    const nonce = randomBytes(18).toString('base64url');
    const codeVerifier = createCodeVerifier();
    const expiresAt = this.#now() + this.#ttlMs;
    const identity = chatIdentityOf(who);
    await this.#options.states.create({ ...identity, ...context, nonce, codeVerifier, expiresAt });
    const url = new URL('/oauth2/authorize', this.#options.cognitoDomain);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: this.#options.callbackUrl,
      scope: 'openid',
      state: signLinkState({ ...identity, nonce, expiresAt }, this.#options.stateSecret),
      code_challenge: codeChallengeS256(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }
}
