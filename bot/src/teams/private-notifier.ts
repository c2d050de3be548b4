/**
 * Private notes to the asker. Teams has no ephemeral messages: in a personal chat the note is a
 * plain reply; from a channel or group chat the bot opens its 1:1 chat with the asker. A note is
 * never posted where others can read it (it may carry a one-time link bound to the asker).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ConversationReference } from 'botbuilder';
import type { ChatProfile, ConfirmationAddress } from '../core/chat-event.ts';
import type { PrivateNotifier } from '../core/reply-stream.ts';
import { toConfirmationAddress } from './confirmation-address.ts';
import type { TeamsSender } from './sender.ts';

export const NOTIFIER_MESSAGES = {
  cannotReachPrivately:
    'I have a private message for you but cannot open a 1:1 chat with you. Start a chat with CentralOps and ask again there.',
} as const;

export class TeamsPrivateNotifier implements PrivateNotifier {
  readonly #sender: TeamsSender;
  readonly #logger: Logger | undefined;
  #personal: Promise<Partial<ConversationReference>> | undefined;

  constructor(sender: TeamsSender, logger?: Logger) {
    this.#sender = sender;
    this.#logger = logger;
  }

  /** The asker's 1:1 conversation (this one when already personal), opened once. */
  personalChat(): Promise<Partial<ConversationReference>> {
    this.#personal ??= this.#sender.isPersonal
      ? Promise.resolve(this.#sender.reference)
      : this.#sender.openPersonalChat();
    return this.#personal;
  }

  /** The 1:1 chat, where a link issued in this turn is confirmed; undefined when it cannot be opened. */
  async confirmationAddress(): Promise<ConfirmationAddress | undefined> {
    try {
      return toConfirmationAddress(await this.personalChat());
    } catch {
      // notify() meets the same failure, logs it and tells the asker where they asked.
      return undefined;
    }
  }

  /**
   * The asker's name and Entra mail / user principal name from the conversation's roster, for a link
   * issued now. Undefined when the roster names another Entra user than the activity did.
   */
  async chatProfile(): Promise<ChatProfile | undefined> {
    const member = await this.#sender.asker();
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    if (text(member.aadObjectId) !== this.#sender.reference.user?.aadObjectId) return undefined;
    const emails = [
      ...new Set([text(member.email), text(member.userPrincipalName)].filter((e) => e !== undefined)),
    ];
    const displayName = text(member.name);
    return { ...(displayName ? { displayName } : {}), ...(emails.length > 0 ? { emails } : {}) };
  }

  /**
   * The asker's 1:1 conversation for something only they may read; undefined when it cannot be
   * opened, after logging why and telling the asker so where they asked.
   */
  async reachablePersonalChat(): Promise<Partial<ConversationReference> | undefined> {
    try {
      return await this.personalChat();
    } catch (error) {
      this.#logger?.warn('cannot open a 1:1 chat with the asker', { error: error as Error });
      await this.#sender.send({ type: 'message', text: NOTIFIER_MESSAGES.cannotReachPrivately });
      return undefined;
    }
  }

  async notify(markdown: string): Promise<void> {
    const reference = await this.reachablePersonalChat();
    if (!reference) return;
    await this.#sender.send({ type: 'message', text: markdown, textFormat: 'markdown' }, reference);
  }
}
