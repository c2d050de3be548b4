/**
 * The link flow's last steps, behind the callback URL. GET (the Hosted UI's redirect): check the
 * `state` (signature, expiry, binding to the chat identity that asked), exchange the code with the
 * PKCE verifier kept server-side, verify the ID token, refuse a signed-in person whose email is not
 * the chat account's, then show a page naming that chat account and asking to confirm with a POST
 * carrying a CSRF token (also set as a cookie). POST: only then claim the nonce (once), store the
 * mapping and say so in chat: to the linked account, and to the chats already linked to that
 * Cognito user (a link made by someone else shows up there). No token outlives the request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { UserDirectory } from '#access/index.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import type { LinkConfirmationNotifier } from '../core/ports.ts';
import { LinkStateError } from '../identity/errors.ts';
import {
  type ChatIdentity,
  chatIdentityOf,
  type IdentityStore,
  sameChatIdentity,
} from '../identity/identity-store.ts';
import { type LinkStatePayload, verifyLinkState } from '../identity/link-state.ts';
import type { ClaimedLink, LinkRecord, LinkStateStore } from '../identity/link-state-store.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import { LinkExchangeError } from './errors.ts';
import type { IdTokenVerifier } from './id-token.ts';
import { confirmLinkPage, linkPage } from './page.ts';
import type { TokenExchanger } from './token-exchange.ts';

export interface LinkCallbackOptions {
  readonly states: LinkStateStore;
  readonly identities: IdentityStore;
  readonly directory: UserDirectory;
  readonly tokens: TokenExchanger;
  readonly idTokens: IdTokenVerifier;
  readonly notifier: LinkConfirmationNotifier;
  readonly allowedWorkspaces: WorkspaceAllowList;
  /** LINK_STATE_SECRET */
  readonly stateSecret: string;
  /** LINK_CALLBACK_URL: where the confirmation form posts. */
  readonly callbackUrl: string;
  readonly logger: Logger;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The callback's HTTP request, as the Lambda handler reads it. */
export interface LinkRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The POSTed form's fields. */
  readonly form: Readonly<Record<string, string | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
}

export interface LinkCallbackResult {
  readonly statusCode: number;
  readonly html: string;
  /** What happened, for logs and tests: `confirm`, `linked`, `cancelled` or the failed check. */
  readonly outcome: string;
  /** Set-Cookie values. */
  readonly cookies?: readonly string[];
}

/** The confirmation's CSRF token, in the browser that signed in (double submit with the form field). */
export const LINK_CSRF_COOKIE = '__Host-centralops-link';

const RETRY = 'Run `/ops link` in chat for a new link.';

export class LinkCallback {
  readonly #options: LinkCallbackOptions;
  readonly #now: () => number;

  constructor(options: LinkCallbackOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async handle(request: LinkRequest): Promise<LinkCallbackResult> {
    try {
      if (request.method === 'GET') return await this.#signedIn(request.query);
      if (request.method === 'POST') return await this.#confirmed(request);
      return refuse(405, 'method', 'Not allowed', `This page only follows the sign-in. ${RETRY}`);
    } catch (error) {
      return this.#failed(error);
    }
  }

  /** GET: the Hosted UI sent the browser back with a code. Exchange it, check who it is, ask to confirm. */
  async #signedIn(query: LinkRequest['query']): Promise<LinkCallbackResult> {
    if (query.error) {
      return refuse(
        400,
        'sign_in_cancelled',
        'Sign-in did not complete',
        `The sign-in page answered "${query.error}". ${RETRY}`,
      );
    }
    if (!query.state || !query.code) {
      return refuse(
        400,
        'malformed',
        'Link not valid',
        `This page needs the link's code and state. ${RETRY}`,
      );
    }
    const now = this.#now();
    const state = this.#verifiedState(query.state, now);
    if (!this.#workspaceAllowed(state)) return workspaceRefused();
    // Read, not claimed: a refreshed page or a failed exchange must leave the link usable.
    const record = await this.#options.states.read(state.nonce, now);
    assertBinding(record, state);
    const idToken = await this.#options.tokens.exchange({
      code: query.code,
      codeVerifier: record.codeVerifier,
    });
    const signedIn = await this.#options.idTokens.verify(idToken);
    const user = await this.#options.directory.getUser(signedIn.sub);
    const who = chatIdentityOf(state);
    if (!user?.enabled) {
      this.#options.logger.warn('Link refused: Cognito user disabled or gone', {
        outcome: 'user_disabled',
        ...who,
      });
      return refuse(
        403,
        'user_disabled',
        'Account disabled',
        'Your Cognito user is disabled. Ask your CentralOps admin.',
      );
    }
    if (emailsDisagree(record.profile?.emails, signedIn.email)) {
      this.#options.logger.warn('Link refused: the email of the chat account is not the signed-in user’s', {
        outcome: 'email_mismatch',
        ...who,
        cognitoUsername: user.username,
      });
      return refuse(
        403,
        'email_mismatch',
        'This chat account is not yours',
        `You signed in as ${user.username}, but the ${CHAT_PLATFORMS[who.platform].title} account this link is for has another email address. A chat account can only be linked by the person it belongs to: if someone sent you this link, ignore it. Nothing was linked.`,
      );
    }
    const csrfToken = randomBytes(32).toString('base64url');
    await this.#options.states.stage(
      state.nonce,
      { sub: user.sub, username: user.username },
      digest(csrfToken),
      now,
    );
    this.#options.logger.info('Link waiting for confirmation', {
      outcome: 'confirm',
      ...who,
      cognitoUsername: user.username,
    });
    return {
      statusCode: 200,
      outcome: 'confirm',
      html: confirmLinkPage({
        username: user.username,
        platform: CHAT_PLATFORMS[who.platform].title,
        workspace: labelled(record.profile?.workspaceName, who.workspaceId),
        chatUser: labelled(record.profile?.displayName, who.userId),
        action: this.#options.callbackUrl,
        state: query.state,
        csrfToken,
      }),
      cookies: [`${LINK_CSRF_COOKIE}=${csrfToken}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=900`],
    };
  }

  /** POST: the person who signed in confirmed (or refused) on the page; claim the link once. */
  async #confirmed(request: LinkRequest): Promise<LinkCallbackResult> {
    const { state: stateText, csrf, decision } = request.form;
    if (!stateText || !csrf || (decision !== 'link' && decision !== 'cancel')) {
      return refuse(400, 'malformed', 'Link not valid', `This confirmation is incomplete. ${RETRY}`);
    }
    if (!sameToken(csrf, request.cookies[LINK_CSRF_COOKIE])) {
      this.#options.logger.warn('Link refused: confirmation without its cookie', { outcome: 'csrf' });
      return refuse(
        403,
        'csrf',
        'Confirmation not accepted',
        `Confirm from the page the sign-in opened. ${RETRY}`,
      );
    }
    const now = this.#now();
    const state = this.#verifiedState(stateText, now);
    if (!this.#workspaceAllowed(state)) return workspaceRefused();
    const claimed = await this.#options.states.claim(state.nonce, digest(csrf), now);
    assertBinding(claimed, state);
    const who = chatIdentityOf(state);
    const clearCookie = [`${LINK_CSRF_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`];
    if (decision === 'cancel') {
      this.#options.logger.warn('Link refused by the person who signed in', {
        outcome: 'cancelled',
        ...who,
        cognitoUsername: claimed.signedIn.username,
      });
      return {
        statusCode: 200,
        outcome: 'cancelled',
        html: linkPage('Nothing was linked', 'This link is now void. You can close this tab.'),
        cookies: clearCookie,
      };
    }
    const user = await this.#options.directory.getUser(claimed.signedIn.sub);
    if (!user?.enabled) {
      return refuse(
        403,
        'user_disabled',
        'Account disabled',
        'Your Cognito user is disabled. Ask your CentralOps admin.',
      );
    }
    const earlier = await this.#options.identities.linkedTo(user.sub);
    await this.#options.identities.put({ ...who, cognitoUsername: user.username, cognitoSub: user.sub });
    this.#options.logger.info('Chat identity linked', {
      outcome: 'linked',
      ...who,
      cognitoUsername: user.username,
    });
    await this.#tellChats(claimed, user.username, earlier);
    return {
      statusCode: 200,
      outcome: 'linked',
      html: linkPage(
        'Linked',
        `You are linked as ${user.username}. You can close this tab and go back to chat.`,
      ),
      cookies: clearCookie,
    };
  }

  /** The linked account hears it is linked; every other chat of that Cognito user hears who was linked. */
  async #tellChats(claimed: ClaimedLink, username: string, earlier: readonly ChatIdentity[]): Promise<void> {
    const { notifier, logger } = this.#options;
    const who = chatIdentityOf(claimed);
    const described = `${CHAT_PLATFORMS[who.platform].title} user ${labelled(claimed.profile?.displayName, who.userId)} in workspace ${labelled(claimed.profile?.workspaceName, who.workspaceId)}`;
    const notes: [ChatIdentity, string, LinkRecord['confirmationAddress']][] = [
      [who, `You are now linked to Cognito user **${username}**. Ask away.`, claimed.confirmationAddress],
      ...earlier
        .filter((other) => !sameChatIdentity(other, who))
        .map((other): [ChatIdentity, string, undefined] => [
          other,
          `A new chat account now acts as your CentralOps user **${username}**: ${described}. If that was not you, tell your CentralOps admin now.`,
          undefined,
        ]),
    ];
    // A confirmation that fails is logged: never at the cost of the link.
    await Promise.all(
      notes.map(([to, text, address]) =>
        notifier
          .confirm(to, text, address)
          .catch((error: unknown) => logger.warn('Link confirmation not delivered in chat', { error })),
      ),
    );
  }

  #verifiedState(state: string, now: number): LinkStatePayload {
    return verifyLinkState(state, this.#options.stateSecret, now);
  }

  #workspaceAllowed(state: ChatIdentity): boolean {
    return this.#options.allowedWorkspaces.allows(state.platform, state.workspaceId);
  }

  #failed(error: unknown): LinkCallbackResult {
    const { logger } = this.#options;
    if (error instanceof LinkStateError) {
      logger.warn('Link refused: bad state', { outcome: error.failure });
      const message =
        error.failure === 'expired'
          ? 'This link has expired.'
          : 'This link is not valid or was already used.';
      return refuse(400, error.failure, 'Link not valid', `${message} ${RETRY}`);
    }
    if (error instanceof LinkExchangeError) {
      logger.warn('Link refused: code exchange or ID token failed', {
        outcome: 'exchange_failed',
        error: error.message,
      });
      return refuse(
        400,
        'exchange_failed',
        'Sign-in not accepted',
        'The sign-in could not be confirmed. Open the link from chat again to sign in anew; it stays valid until it expires.',
      );
    }
    logger.error('Link callback failed', { outcome: 'internal', error });
    return refuse(500, 'internal', 'Something went wrong', `Nothing was linked. ${RETRY}`);
  }
}

function assertBinding(record: ChatIdentity, state: ChatIdentity): void {
  if (!sameChatIdentity(record, state)) {
    throw new LinkStateError('binding', 'The link record belongs to another chat identity');
  }
}

/** Where both sides know an email, they must be the same address (case aside). */
function emailsDisagree(
  chatEmails: readonly string[] | undefined,
  cognitoEmail: string | undefined,
): boolean {
  if (!chatEmails?.length || !cognitoEmail) return false;
  const wanted = cognitoEmail.trim().toLowerCase();
  return !chatEmails.some((email) => email.trim().toLowerCase() === wanted);
}

/** `Alice Example (U0ALICE)`, or the id alone. */
function labelled(name: string | undefined, id: string): string {
  return name ? `${name} (${id})` : id;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function sameToken(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function workspaceRefused(): LinkCallbackResult {
  return refuse(
    403,
    'workspace_refused',
    'Workspace not allowed',
    'This chat workspace may not use CentralOps.',
  );
}

function refuse(statusCode: number, outcome: string, title: string, message: string): LinkCallbackResult {
  return { statusCode, outcome, html: linkPage(title, message) };
}
