/**
 * The asker's Teams 1:1 chat as a ConfirmationAddress (serviceUrl, conversation, bot, tenant:
 * nothing secret), stored with a link and turned back into a conversation reference by the link
 * callback. Read back from storage, it is checked like input before anything is sent to it.
 */
import type { ConversationReference } from 'botbuilder';
import type { ConfirmationAddress } from '../core/chat-event.ts';
import { CONVERSATION_TYPES } from './inbound.ts';

/** `reference`'s address, or undefined when it lacks a part needed to message it again. */
export function toConfirmationAddress(
  reference: Partial<ConversationReference>,
): ConfirmationAddress | undefined {
  const serviceUrl = reference.serviceUrl;
  const conversationId = reference.conversation?.id;
  const botId = reference.bot?.id;
  const tenantId = reference.conversation?.tenantId;
  if (!serviceUrl || !conversationId || !botId || !tenantId) return undefined;
  return { serviceUrl, conversationId, botId, tenantId };
}

/**
 * The 1:1 conversation `address` names, or undefined unless it is one in `tenantId` (the tenant of
 * the chat identity the link record is bound to) reached through a connector URL.
 */
export function personalConversationOf(
  address: ConfirmationAddress | undefined,
  tenantId: string,
): ConversationReference | undefined {
  const { serviceUrl, conversationId, botId } = address ?? {};
  if (!serviceUrl || !conversationId || !botId || !tenantId || address?.tenantId !== tenantId) {
    return undefined;
  }
  if (!isConnectorUrl(serviceUrl) || isSharedConversation(conversationId)) return undefined;
  return {
    channelId: 'msteams',
    serviceUrl,
    bot: { id: botId, name: '' },
    conversation: {
      id: conversationId,
      conversationType: CONVERSATION_TYPES.personal,
      isGroup: false,
      tenantId,
      name: '',
    },
  };
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The bot's Entra token goes with every connector call: https only, plain http on loopback (local runs). */
function isConnectorUrl(serviceUrl: string): boolean {
  if (!URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** Channels, group and meeting chats are `19:…@thread.*`: the confirmation names the Cognito user. */
function isSharedConversation(conversationId: string): boolean {
  return conversationId.includes('@thread.');
}
