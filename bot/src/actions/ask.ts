/**
 * Ask: the answer's question in another environment ("In staging"), asked as whoever taps and
 * answered in the thread. The question rides in the button, as Refresh's does.
 */
import * as z from 'zod/mini';
import { defineAction } from '../core/chat-action.ts';

export const ask = defineAction({
  name: 'ask',
  schema: z.object({
    /** The question, or the `/ops` command line without `/ops`. */
    q: z.string().check(z.minLength(1), z.maxLength(1_500)),
    /** `q` is an `/ops` command line. */
    ops: z.optional(z.boolean()),
  }),
  async run({ q, ops }, turn) {
    await turn.ask({ prompt: q, command: ops === true }, turn.replies.inThread());
  },
});
