/**
 * What the Teams ack path hands to the worker (the asynchronous Lambda payload): the
 * platform-neutral question (or button tap) and the conversation reference to answer in. Built from
 * the verified activity only.
 */
import type { ConversationReference } from 'botbuilder';
import type { ChatAction } from '../core/chat-action.ts';
import type { ChatEvent } from '../core/chat-event.ts';

export interface TeamsTurnWork {
  readonly kind: 'teams.turn';
  readonly event: ChatEvent;
  readonly reference: Partial<ConversationReference>;
}

/** A tap on a card's Action.Execute button (`adaptiveCard/action` invoke). */
export interface TeamsActionWork {
  readonly kind: 'teams.action';
  readonly action: ChatAction;
  readonly reference: Partial<ConversationReference>;
}

export type TeamsWorkItem = TeamsTurnWork | TeamsActionWork;
