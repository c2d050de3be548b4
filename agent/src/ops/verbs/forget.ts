/**
 * `/ops forget`: forgets what the asker asked and was answered in this thread (their memory of it;
 * another person's stays theirs). Answered to the asker only.
 */
import { type OpsVerb, usage } from '../verb.ts';

export const forget: OpsVerb<'forget', { readonly kind: 'forget' }> = {
  name: 'forget',
  usage: '/ops forget',
  summary: 'forget what you asked and were answered in this thread (yours only)',

  plan: (words) =>
    words.length === 0 ? { kind: 'forget' } : usage('`/ops forget` takes no more words.', forget),

  async *run(_plan, turn) {
    yield { type: 'private', reason: 'memory' };
    const forgotten = await turn.forget();
    turn.answer.summary = 'Forgotten.';
    yield {
      type: 'text',
      delta:
        forgotten === 0
          ? 'I keep nothing of yours from this thread.'
          : `Forgotten: your ${forgotten === 1 ? 'exchange' : `${forgotten} exchanges`} in this thread. Follow-ups here start afresh.`,
    };
  },
};
