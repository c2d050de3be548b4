/**
 * The answer as Slack Block Kit, laid out for a phone by the rules of core/answer.ts: a `section`
 * with the summary (counts by state, accounts, regions), the prose, a section per account in
 * answer order with its regions, the shown details of each account + region (identifiers first,
 * as code), the answer's buttons (`actions`), a `context` footer under data only. Text is Slack
 * mrkdwn, escaped. An answer past Slack's limits (50 blocks, 3,000 characters a section) keeps
 * its summary, buttons and a note; the caller uploads the whole answer as a snippet.
 */
import type { types } from '@slack/bolt';
import {
  type AnswerModel,
  accountLabel,
  DETAIL_LINES_SHOWN,
  detailedResults,
  errorText,
  footerText,
  hasContent,
  regionLines,
  shownLines,
  summaryHeadline,
} from '../core/answer.ts';
import type { ChatButton } from '../core/chat-action.ts';
import { actionsBlock } from './buttons.ts';

/** Slack's limits on a message's blocks and a section's text. */
const MAX_BLOCKS = 50;
const MAX_SECTION_CHARS = 3_000;

export interface SlackAnswerLayout {
  /** The notification and fallback text: the summary. */
  readonly text: string;
  readonly blocks: types.KnownBlock[];
  /** True when the details did not fit: the caller attaches the whole answer as a snippet. */
  readonly overflow: boolean;
}

/** `&`, `<`, `>` as Slack wants them in mrkdwn; our own markup (`**`, `_`, backticks) is kept. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The markdown core/answer.ts writes, as mrkdwn: `**bold**` → `*bold*`, `[t](u)` → `<u|t>`, `- ` → `• `. */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '<$2|$1>')
    .replace(/^- /gm, '• ');
}

function section(markdown: string): types.SectionBlock {
  const text = toMrkdwn(markdown);
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: text.length <= MAX_SECTION_CHARS ? text : `${text.slice(0, MAX_SECTION_CHARS - 1)}…`,
    },
  };
}

function context(markdown: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: toMrkdwn(markdown) }] };
}

/** Splits long prose into sections Slack accepts, at paragraph ends where it can. */
function proseSections(prose: string): types.SectionBlock[] {
  const sections: string[] = [];
  let current = '';
  for (const paragraph of prose.split(/\n{2,}/)) {
    if (current && current.length + paragraph.length + 2 > MAX_SECTION_CHARS - 200) {
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) sections.push(current);
  return sections.map(section);
}

export interface SlackAnswerOptions {
  /** The answer's buttons. @default none */
  readonly buttons?: readonly ChatButton[];
  /** Leave the details to the attached snippet (a long answer). @default false */
  readonly withoutDetails?: boolean;
}

export function slackAnswerBlocks(model: AnswerModel, options: SlackAnswerOptions = {}): SlackAnswerLayout {
  const buttons = options.buttons ?? [];
  const summary = summaryHeadline(model);
  const text =
    summary ??
    (model.prose.trim().split('\n')[0]?.slice(0, 300) || model.final?.summary || 'CentralOps answer');
  const top: types.KnownBlock[] = [];
  if (summary) top.push(section(`**${summary}**`));
  const prose = model.prose.trim();
  if (prose) top.push(...proseSections(prose));
  if (!hasContent(model))
    top.push(section(model.status ? `_${model.status}_` : '_The agent finished without an answer._'));
  const accounts = model.sections.map((entry) =>
    section(
      `${accountLabel(entry.account)} · ${entry.account.environment}\n${regionLines(entry).join('\n')}`,
    ),
  );
  const errors = model.errors.map((error) => section(errorText(error)));
  const details = (options.withoutDetails ? [] : detailedResults(model)).map((result) => {
    const hidden = result.lines.length - DETAIL_LINES_SHOWN;
    return section(
      [
        `${accountLabel(result.account)} · ${result.region} · \`${result.operation}\``,
        ...shownLines(result).map((line) => `- ${line}`),
        ...(hidden > 0 ? [`_… ${hidden} more: Show more_`] : []),
      ].join('\n'),
    );
  });
  const tail: types.KnownBlock[] = [];
  if (buttons.length > 0) tail.push(actionsBlock(buttons, 'centralops-answer'));
  const footer = footerText(model);
  if (footer) tail.push(context(footer));

  const whole = [
    ...top,
    ...accounts,
    ...errors,
    ...(details.length > 0 ? [divider(), ...details] : []),
    ...tail,
  ];
  if (whole.length <= MAX_BLOCKS) return { text, blocks: whole, overflow: options.withoutDetails === true };
  // Too many accounts or results for one message: the summary stays, the rest goes to the snippet.
  const room = MAX_BLOCKS - top.length - errors.length - tail.length - 1;
  const shown = accounts.slice(0, Math.max(0, room));
  const note = section(
    `_${accounts.length - shown.length} more accounts and every detail line are in the attached file._`,
  );
  return { text, blocks: [...top, ...shown, ...errors, note, ...tail], overflow: true };
}

function divider(): types.DividerBlock {
  return { type: 'divider' };
}
