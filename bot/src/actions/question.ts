/** The arguments of a button that asks a question again (Refresh, In <environment>), bounded. */
import * as z from 'zod/mini';

export const QUESTION_ARGS = z.object({
  /** The question, or the `/ops` command line without `/ops`. */
  q: z.string().check(z.minLength(1), z.maxLength(1_500)),
  /** `q` is an `/ops` command line. */
  ops: z.optional(z.boolean()),
});
