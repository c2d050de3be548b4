/** Routes each link confirmation to its platform's notifier (see LinkConfirmationNotifier in core/ports.ts). */
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import type { ConfirmationAddress } from '../core/chat-event.ts';
import type { LinkConfirmationNotifier } from '../core/ports.ts';
import type { ChatIdentity } from '../identity/identity-store.ts';

/** A platform without a notifier is skipped: its confirmation page is the only one. */
export class PlatformLinkNotifier implements LinkConfirmationNotifier {
  readonly #notifiers: Partial<Record<ChatPlatformId, LinkConfirmationNotifier>>;

  constructor(notifiers: Partial<Record<ChatPlatformId, LinkConfirmationNotifier>>) {
    this.#notifiers = notifiers;
  }

  async confirm(who: ChatIdentity, markdown: string, address?: ConfirmationAddress): Promise<void> {
    await this.#notifiers[who.platform]?.confirm(who, markdown, address);
  }
}
