/**
 * What the Teams ack path hands to the worker (the asynchronous Lambda payload): the
 * platform-neutral question and the conversation reference to answer in. Built from the verified
 * activity only.
 */
import type { ConversationReference } from 'botbuilder';
import type { ChatEvent } from '../core/chat-event.ts';

export interface TeamsWorkItem {
  readonly kind: 'teams.turn';
  readonly event: ChatEvent;
  readonly reference: Partial<ConversationReference>;
}
