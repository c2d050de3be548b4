/**
 * The link flow's last step, behind the callback URL: checks the `state` (signature, expiry,
 * single use, binding to the chat identity that asked), exchanges the code with the PKCE verifier
 * kept server-side, verifies the ID token, stores the mapping and confirms it in chat (never at the
 * cost of the link: a confirmation that fails is logged). No token outlives the request.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { UserDirectory } from '../../../agent/src/authorization/index.ts';
import { LinkStateError } from '../identity/errors.ts';
import { chatIdentityOf, type IdentityStore, sameChatIdentity } from '../identity/identity-store.ts';
import { verifyLinkState } from '../identity/link-state.ts';
import type { LinkStateStore } from '../identity/link-state-store.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import { LinkExchangeError } from './errors.ts';
import type { IdTokenVerifier } from './id-token.ts';
import type { LinkConfirmationNotifier } from './notifier.ts';
import { linkPage } from './page.ts';
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
  readonly logger: Logger;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface LinkCallbackResult {
  readonly statusCode: number;
  readonly html: string;
  /** What happened, for logs and tests: `linked` or the failed check. */
  readonly outcome: string;
}

const RETRY = 'Run `/ops link` in chat for a new link.';

export class LinkCallback {
  readonly #options: LinkCallbackOptions;
  readonly #now: () => number;

  constructor(options: LinkCallbackOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async handle(query: Readonly<Record<string, string | undefined>>): Promise<LinkCallbackResult> {
    const { logger } = this.#options;
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
    try {
      const now = this.#now();
      const state = verifyLinkState(query.state, this.#options.stateSecret, now);
      const record = await this.#options.states.claim(state.nonce, now);
      if (!sameChatIdentity(record, state)) {
        throw new LinkStateError('binding', 'The link record belongs to another chat identity');
      }
      const who = chatIdentityOf(state);
      if (!this.#options.allowedWorkspaces.allows(who.platform, who.workspaceId)) {
        return refuse(
          403,
          'workspace_refused',
          'Workspace not allowed',
          'This chat workspace may not use CentralOps.',
        );
      }
      const idToken = await this.#options.tokens.exchange({
        code: query.code,
        codeVerifier: record.codeVerifier,
      });
      const signedIn = await this.#options.idTokens.verify(idToken);
      const user = await this.#options.directory.getUser(signedIn.sub);
      if (!user?.enabled) {
        logger.warn('Link refused: Cognito user disabled or gone', { outcome: 'user_disabled', ...who });
        return refuse(
          403,
          'user_disabled',
          'Account disabled',
          'Your Cognito user is disabled. Ask your CentralOps admin.',
        );
      }
      await this.#options.identities.put({ ...who, cognitoUsername: user.username, cognitoSub: user.sub });
      logger.info('Chat identity linked', { outcome: 'linked', ...who, cognitoUsername: user.username });
      await this.#options.notifier
        .confirm(
          who,
          `You are now linked to Cognito user **${user.username}**. Ask away.`,
          record.confirmationAddress,
        )
        .catch((error: unknown) => logger.warn('Link confirmation not delivered in chat', { error }));
      return {
        statusCode: 200,
        outcome: 'linked',
        html: linkPage(
          'Linked',
          `You are linked as ${user.username}. You can close this tab and go back to chat.`,
        ),
      };
    } catch (error) {
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
          `The sign-in could not be confirmed. ${RETRY}`,
        );
      }
      logger.error('Link callback failed', { outcome: 'internal', error });
      return refuse(500, 'internal', 'Something went wrong', `Nothing was linked. ${RETRY}`);
    }
  }
}

function refuse(statusCode: number, outcome: string, title: string, message: string): LinkCallbackResult {
  return { statusCode, outcome, html: linkPage(title, message) };
}
