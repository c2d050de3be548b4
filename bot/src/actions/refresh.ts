/**
 * Refresh: asks the answer's question again, as whoever taps, and replaces the answer with what they
 * may read now. The question rides in the button; it is only ever asked as the tapper, so it
 * grants nothing the tapper could not have typed.
 */
import * as z from 'zod/mini';
import { defineAction } from '../core/chat-action.ts';

export const refresh = defineAction({
  name: 'refresh',
  schema: z.object({
    /** The question, or the `/ops` command line without `/ops`. */
    q: z.string().check(z.minLength(1), z.maxLength(1_500)),
    /** `q` is an `/ops` command line. */
    ops: z.optional(z.boolean()),
  }),
  async run({ q, ops }, turn) {
    await turn.ask({ prompt: q, command: ops === true }, turn.replies.replaceMessage());
  },
});
