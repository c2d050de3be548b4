/**
 * Ask: the answer's question in another environment ("In staging"), asked as whoever taps and
 * answered in the thread. The question rides in the button, as Refresh's does.
 */
import { defineAction } from '../core/chat-action.ts';
import { QUESTION_ARGS } from './question.ts';

export const ask = defineAction({
  name: 'ask',
  schema: QUESTION_ARGS,
  async run({ q, ops }, turn) {
    await turn.ask({ prompt: q, command: ops === true }, turn.replies.inThread());
  },
});
