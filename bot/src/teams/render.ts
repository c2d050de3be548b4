/**
 * The shared answer model as a Teams reply: an Adaptive Card 1.5 laid out for a phone (one
 * column, summary first, short lines, details collapsed per account + region, the answer's
 * buttons as Action.Execute) with a one-line text. When the card would pass Teams' message size
 * limit, the card keeps the summary and the details follow in the same thread as markdown
 * messages, each under the limit.
 */
import {
  type AccountSection,
  type AnswerModel,
  accountLabel,
  DETAIL_LINES_SHOWN,
  detailBlock,
  detailedResults,
  errorText,
  footerText,
  hasContent,
  type ResultEvent,
  regionLines,
  shownLines,
  summaryHeadline,
} from '../core/answer.ts';
import type { ChatButton } from '../core/chat-action.ts';
import { cardActionSet } from './buttons.ts';

/** Teams refuses activities above about 28 KB; keep room for the envelope. */
export const MAX_MESSAGE_BYTES = 24_000;
/** Most detail messages one answer adds to a thread. */
export const MAX_FOLLOW_UPS = 8;
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface TeamsAttachment {
  readonly contentType: string;
  readonly content: Record<string, unknown>;
}

export interface TeamsRendering {
  /** Short text beside the card (also the notification preview). */
  readonly text: string;
  readonly card: TeamsAttachment;
  /** Markdown messages carrying the details that did not fit the card, in order. */
  readonly followUps: readonly string[];
}

type Element = Record<string, unknown>;

export function renderTeamsAnswer(
  model: AnswerModel,
  buttons: readonly ChatButton[] = [],
  maxBytes = MAX_MESSAGE_BYTES,
): TeamsRendering {
  const text = headline(model);
  const extra = buttons.length > 0 ? [cardActionSet(buttons)] : [];
  const full = card(model, true, ...extra);
  if (byteLength(full) <= maxBytes) return { text, card: attachment(full), followUps: [] };
  const results = detailedResults(model);
  const note = textBlock(`_Details for ${results.length} result(s) follow in this thread._`, {
    isSubtle: true,
  });
  const compact = card(model, false, note, ...extra);
  const fitted =
    byteLength(compact) <= maxBytes ? compact : card(truncatedProse(model, maxBytes), false, note, ...extra);
  return { text, card: attachment(fitted), followUps: packDetails(results, maxBytes) };
}

/** Markdown for a plain message (errors, and the streaming text before the card replaces it). */
export function clampMarkdown(markdown: string, maxBytes = MAX_MESSAGE_BYTES): string {
  if (Buffer.byteLength(markdown) <= maxBytes) return markdown;
  return `${Buffer.from(markdown)
    .subarray(0, maxBytes - 16)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}\n…`;
}

function headline(model: AnswerModel): string {
  if (!hasContent(model)) return model.status ?? 'The agent finished without an answer.';
  return model.final?.summary || summaryHeadline(model) || 'Answer';
}

/** Summary first, then each account (answer order) with its regions, details behind a toggle, buttons, footer. */
function card(model: AnswerModel, withDetails: boolean, ...extra: Element[]): Record<string, unknown> {
  const body: Element[] = [];
  const summary = summaryHeadline(model);
  if (summary) body.push(textBlock(summary, { weight: 'Bolder' }));
  const prose = model.prose.trim();
  if (prose) body.push(textBlock(prose));
  for (const section of model.sections) body.push(...sectionElements(section, withDetails));
  for (const error of model.errors) body.push(textBlock(errorText(error), { color: 'Attention' }));
  if (!hasContent(model)) body.push(textBlock(model.status ?? 'The agent finished without an answer.'));
  body.push(...extra);
  const footer = footerText(model);
  if (footer) body.push(textBlock(footer, { isSubtle: true, size: 'Small' }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
}

/** Account heading with its region lines (errors and refusals beside them), a details toggle per region with lines. */
function sectionElements(section: AccountSection, withDetails: boolean): Element[] {
  const elements: Element[] = [
    textBlock(`${accountLabel(section.account)} · ${section.account.environment}`, {
      weight: 'Bolder',
      separator: true,
      spacing: 'Medium',
    }),
    textBlock(regionLines(section).join('\n\n')),
  ];
  if (!withDetails) return elements;
  for (const [index, result] of section.results.entries()) {
    if (result.lines.length === 0) continue;
    const id = `d-${section.account.id}-${index}`;
    elements.push({
      type: 'ActionSet',
      actions: [
        { type: 'Action.ToggleVisibility', title: `Details (${result.region})`, targetElements: [id] },
      ],
    });
    elements.push({ type: 'Container', id, isVisible: false, items: [textBlock(cardDetail(result))] });
  }
  return elements;
}

/** Adaptive Card markdown has no code spans: identifiers lead their line instead, where it never wraps. */
function cardDetail(result: ResultEvent): string {
  const hidden = result.lines.length - DETAIL_LINES_SHOWN;
  return [
    `${result.operation}:`,
    ...shownLines(result).map((line) => `- ${line.replace(/`/g, '')}`),
    ...(hidden > 0 ? [`- _… ${hidden} more: Show more_`] : []),
  ].join('\n');
}

function truncatedProse(model: AnswerModel, maxBytes: number): AnswerModel {
  return { ...model, prose: clampMarkdown(model.prose, Math.floor(maxBytes / 3)) };
}

/**
 * Detail lines packed into as few markdown messages as fit under `maxBytes`; a result longer than
 * one message continues in the next under its account/region header. Past MAX_FOLLOW_UPS the rest
 * is counted, not sent (the agent already caps tool output; this bounds the thread).
 */
function packDetails(results: readonly ResultEvent[], maxBytes: number): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let currentBytes = 0;
  let omitted = 0;
  const push = (piece: string): void => {
    const line = clampMarkdown(piece, maxBytes);
    const bytes = Buffer.byteLength(line) + 1;
    if (currentBytes + bytes > maxBytes && current.length > 0) {
      messages.push(current.join('\n'));
      current = [];
      currentBytes = 0;
    }
    current.push(line);
    currentBytes += bytes;
  };
  for (const result of results) {
    const [header, ...lines] = detailBlock(result).split('\n');
    push(`\n${header}`);
    for (const line of lines) {
      if (messages.length >= MAX_FOLLOW_UPS) {
        omitted += 1;
        continue;
      }
      const before = messages.length;
      push(line);
      // A result split across messages names its account and region again.
      if (messages.length > before) {
        const continued = `${header} _(continued)_`;
        current.unshift(continued);
        currentBytes += Buffer.byteLength(continued) + 1;
      }
    }
  }
  if (messages.length < MAX_FOLLOW_UPS) messages.push(current.join('\n'));
  else omitted += current.length;
  if (omitted > 0) messages.push(`_${omitted} more detail lines not shown._`);
  return messages.map((message) => message.trim()).filter((message) => message !== '');
}

/** Markdown split into messages under Teams' size limit, at line ends (at most MAX_FOLLOW_UPS; the rest counted). */
export function markdownMessages(markdown: string, maxBytes = MAX_MESSAGE_BYTES): string[] {
  const messages: string[] = [];
  let current = '';
  let omitted = 0;
  for (const line of markdown.split('\n')) {
    const piece = clampMarkdown(line, maxBytes - 64);
    if (current && Buffer.byteLength(current) + Buffer.byteLength(piece) + 1 > maxBytes - 64) {
      if (messages.length >= MAX_FOLLOW_UPS - 1) {
        omitted += 1;
        continue;
      }
      messages.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) messages.push(current);
  if (omitted > 0) messages.push(`_${omitted} more lines not shown._`);
  return messages;
}

function textBlock(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function attachment(content: Record<string, unknown>): TeamsAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
