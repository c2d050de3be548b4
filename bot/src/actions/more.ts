/**
 * Show more: the next page of a kept answer's detail lines (those the message left out), in the
 * thread, with a Show more of its own while pages remain. Re-authorized per account at each tap.
 */
import * as z from 'zod/mini';
import { DETAIL_LINES_SHOWN, type ResultEvent } from '../core/answer.ts';
import { defineAction } from '../core/chat-action.ts';
import { hiddenNote, tappersShare } from './kept-answer.ts';

/** Detail lines per page: three blocks of the message's ten. */
export const PAGE_LINES = 3 * DETAIL_LINES_SHOWN;

/** The lines the message left out, as results of at most DETAIL_LINES_SHOWN lines each (one block each). */
function pieces(results: readonly ResultEvent[]): ResultEvent[] {
  return results.flatMap((result) => {
    const rest = result.lines.slice(DETAIL_LINES_SHOWN);
    const out: ResultEvent[] = [];
    for (let start = 0; start < rest.length; start += DETAIL_LINES_SHOWN) {
      const { tally: _tally, truncated: _truncated, ...bare } = result;
      out.push({ ...bare, lines: rest.slice(start, start + DETAIL_LINES_SHOWN) });
    }
    return out;
  });
}

export const more = defineAction({
  name: 'more',
  schema: z.object({
    id: z.string().check(z.maxLength(64)),
    page: z.number().check(z.int(), z.minimum(1), z.maximum(1_000)),
  }),
  async run({ id, page }, turn) {
    const share = await tappersShare(turn, id);
    if (!share) return;
    const all = pieces(share.results);
    const perPage = PAGE_LINES / DETAIL_LINES_SHOWN;
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const reply = turn.replies.inThread();
    const shown = all.slice((page - 1) * perPage, page * perPage);
    await reply.push({
      type: 'text',
      delta: shown.length > 0 ? `More details, page ${page} of ${pages}.` : 'No more details.',
    });
    for (const result of shown) await reply.push(result);
    const note = hiddenNote(share.hidden);
    if (note) await reply.push({ type: 'error', code: 'unauthorized', message: note.replace(/^🔒 /, '') });
    await reply.close(page < pages ? [more.button('Show more', { id, page: page + 1 })] : []);
  },
});
