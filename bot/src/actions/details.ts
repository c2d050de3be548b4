/**
 * Details: every detail line of a kept answer as a file in the thread (a Slack snippet; Teams
 * messages), the accounts the tapper may read only.
 */
import * as z from 'zod/mini';
import { AnswerBuilder, fullDetails } from '../core/answer.ts';
import { defineAction } from '../core/chat-action.ts';
import { hiddenNote, tappersShare } from './kept-answer.ts';

export const details = defineAction({
  name: 'details',
  schema: z.object({ id: z.string().check(z.maxLength(64)) }),
  async run({ id }, turn) {
    const share = await tappersShare(turn, id);
    if (!share) return;
    const builder = new AnswerBuilder();
    for (const result of share.results) builder.push(result);
    const note = hiddenNote(share.hidden);
    const content =
      [fullDetails(builder.model), ...(note ? [note] : [])].join('\n\n') || 'No details you may read here.';
    await turn.replies.attach('centralops-details.md', content);
  },
});
