/**
 * The buttons under a finished, public answer: Refresh (the question again), one per other
 * environment the asker may read here ("In staging"), and, when it has details, Show more (those
 * the message left out) and Details (all of them as a file), for which the answer is kept 15
 * minutes. Every tap is the tapper's own question or re-authorized view.
 */
import { type AnswerModel, detailedResults, hiddenLineCount, rerunOf } from '../core/answer.ts';
import type { ChatButton } from '../core/chat-action.ts';
import type { KeptAnswers } from '../core/kept-answers.ts';
import type { AnswerButtons } from '../core/pipeline.ts';
import { ask } from './ask.ts';
import { details } from './details.ts';
import { more } from './more.ts';
import { refresh } from './refresh.ts';

export function answerButtons(kept?: KeptAnswers): AnswerButtons {
  return async (model: AnswerModel, conversation) => {
    const buttons: ChatButton[] = [];
    const rerun = rerunOf(model);
    if (rerun) {
      buttons.push(refresh.button('Refresh', { q: rerun.prompt, ops: rerun.command }));
      for (const other of rerun.environments) {
        buttons.push(ask.button(`In ${other.environment}`, { q: other.prompt, ops: rerun.command }));
      }
    }
    const results = detailedResults(model);
    if (kept && results.length > 0) {
      const id = await kept.keep({ conversation, results });
      if (hiddenLineCount(model) > 0) buttons.push(more.button('Show more', { id, page: 1 }));
      buttons.push(details.button('Details', { id }));
    }
    return buttons;
  };
}
