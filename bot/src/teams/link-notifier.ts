/**
 * The link callback's confirmation in Teams: a proactive message into the asker's 1:1 chat, named
 * by the ConfirmationAddress stored when the link was issued (see confirmation-address.ts).
 */
import type { CloudAdapter } from 'botbuilder';
import { type Env, readEnv } from '#common/env.ts';
import type { ConfirmationAddress } from '../core/chat-event.ts';
import type { LinkConfirmationNotifier } from '../core/ports.ts';
import type { ChatIdentity } from '../identity/identity-store.ts';
import { createTeamsAdapter } from './adapter.ts';
import { loadTeamsConfig } from './config.ts';
import { personalConversationOf } from './confirmation-address.ts';
import { TeamsAdapterError } from './errors.ts';
import { TeamsSender } from './sender.ts';

export interface TeamsLinkNotifierOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id (empty when running unauthenticated locally). @default '' */
  readonly appId?: string;
}

// The user's browser waits for the confirmation page: one quick retry at most.
const RETRY = { attempts: 2, maxDelayMs: 2_000 } as const;

export class TeamsLinkNotifier implements LinkConfirmationNotifier {
  readonly #adapter: CloudAdapter;
  readonly #appId: string;

  constructor(options: TeamsLinkNotifierOptions) {
    this.#adapter = options.adapter;
    this.#appId = options.appId ?? '';
  }

  async confirm(who: ChatIdentity, markdown: string, address?: ConfirmationAddress): Promise<void> {
    const reference = personalConversationOf(address, who.workspaceId);
    if (!reference) throw new TeamsAdapterError('The link record names no valid 1:1 chat in its tenant');
    await this.#adapter.continueConversationAsync(this.#appId, reference, async (context) => {
      await new TeamsSender(context, reference, RETRY).send({
        type: 'message',
        text: markdown,
        textFormat: 'markdown',
      });
    });
  }
}

/**
 * The Teams notifier of the link callback, with the Teams adapter's configuration: only when the
 * bot has an Entra app (MICROSOFT_APP_ID), so a Slack-only install links without one.
 */
export function teamsLinkNotifierFrom(env: Env): TeamsLinkNotifier | undefined {
  // Checked before the config is loaded: without an app id, a Lambda's Teams config is refused.
  if (!readEnv(env).text('MICROSOFT_APP_ID')) return undefined;
  const config = loadTeamsConfig(env);
  return new TeamsLinkNotifier({ adapter: createTeamsAdapter(config), appId: config.appId });
}
