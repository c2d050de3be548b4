/**
 * A kept answer as a tapper may see it: only in the conversation it was given in, and only the
 * accounts the tapper may read there now (their groups, the channel's policy). Shared by the
 * buttons that show a kept answer (Show more, Details).
 */
import type { ResultEvent } from '../core/answer.ts';
import type { ActionTurn } from '../core/chat-action.ts';
import type { KeptAnswer } from '../core/kept-answers.ts';

export const KEPT_ANSWER_MESSAGES = {
  expired: 'That answer is no longer kept (15 minutes). Tap Refresh or ask again.',
  elsewhere: 'That button belongs to another conversation.',
} as const;

export interface TappersShare {
  readonly answer: KeptAnswer;
  /** The results of the accounts the tapper may read here. */
  readonly results: readonly ResultEvent[];
  /** Accounts left out: the tapper may not read them here. */
  readonly hidden: number;
}

/** The share of kept answer `id` the tapper may see; undefined after telling them why there is none. */
export async function tappersShare(turn: ActionTurn, id: string): Promise<TappersShare | undefined> {
  const answer = await turn.keptAnswers?.get(id);
  if (!answer) {
    await turn.replies.notifier.notify(KEPT_ANSWER_MESSAGES.expired);
    return undefined;
  }
  const { action } = turn;
  const here = answer.conversation;
  if (
    here.platform !== action.platform ||
    here.workspace !== (action.conversationWorkspaceId ?? action.workspaceId) ||
    here.channel !== action.channelId
  ) {
    turn.logger.warn('kept answer tapped in another conversation', { deliveryId: action.deliveryId });
    await turn.replies.notifier.notify(KEPT_ANSWER_MESSAGES.elsewhere);
    return undefined;
  }
  const accountIds = [...new Set(answer.results.map((result) => result.account.id))];
  const { allowed } = await turn.access.authorize(accountIds);
  const readable = new Set(allowed.map((account) => account.id));
  return {
    answer,
    results: answer.results.filter((result) => readable.has(result.account.id)),
    hidden: accountIds.filter((id) => !readable.has(id)).length,
  };
}

/** The note under what a tapper sees when some accounts were left out. */
export function hiddenNote(hidden: number): string | undefined {
  return hidden === 0
    ? undefined
    : `🔒 ${hidden} account${hidden === 1 ? '' : 's'} left out: you may not read ${hidden === 1 ? 'it' : 'them'} here.`;
}
