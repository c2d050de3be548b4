/**
 * Refresh: asks the answer's question again, as whoever taps, and replaces the answer with what they
 * may read now. The question rides in the button; it is only ever asked as the tapper, so it
 * grants nothing the tapper could not have typed.
 */
import { defineAction } from '../core/chat-action.ts';
import { QUESTION_ARGS } from './question.ts';

export const refresh = defineAction({
  name: 'refresh',
  schema: QUESTION_ARGS,
  async run({ q, ops }, turn) {
    await turn.ask({ prompt: q, command: ops === true }, turn.replies.replaceMessage());
  },
});
