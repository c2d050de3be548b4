/**
 * The platform-neutral answer: what the agent's events add up to, and how that reads on a phone.
 * Adapters feed every AgentEvent to an AnswerBuilder, stream `streamDelta(event)` while the turn
 * runs, and render the finished model: Slack as Block Kit (slack/blocks.ts), Teams as an Adaptive
 * Card (teams/render.ts), private notes and snippets as markdown (`renderAnswer`). Every layout
 * follows the same rules, from this module: the summary first (counts by state, accounts,
 * regions), then one line per account in a fixed order (environment rank, then name, whatever
 * order results came in), then the details of each account + region, its identifiers first and
 * never broken, at most DETAIL_LINES_SHOWN each (the rest behind Show more); no header without
 * lines under it; refusals in one short line; no footer on help or refusals.
 */
import { thousands } from '#common/numbers.ts';
import type { AccountRef, AgentEvent, FanOutProgress, Rerun } from '#contracts/agent-events.ts';
import { compareAccountsForAnswer } from '#contracts/registry.ts';

export type ResultEvent = Extract<AgentEvent, { type: 'result' }>;
export type ErrorEvent = Extract<AgentEvent, { type: 'error' }>;
export type FinalEvent = Extract<AgentEvent, { type: 'final' }>;

/** Detail lines shown per account + region; the rest are kept for Show more and Details. */
export const DETAIL_LINES_SHOWN = 10;

export interface AccountSection {
  readonly account: AccountRef;
  readonly results: ResultEvent[];
  readonly errors: ErrorEvent[];
}

export interface AnswerModel {
  /** The latest status ("querying 12 prod accounts…"), shown only until content arrives. */
  readonly status: string | undefined;
  /** A fan-out's latest progress, shown in place until the answer is final (core/progress.ts). */
  readonly progress: FanOutProgress | undefined;
  readonly prose: string;
  /** In answer order: environment rank, then name. */
  readonly sections: readonly AccountSection[];
  /** Errors that belong to no account (planning, model, a refusal of the whole question). */
  readonly errors: readonly ErrorEvent[];
  readonly final: FinalEvent | undefined;
  /** The agent said the answer is the asker's alone (help, usage, a refusal, their memory). */
  readonly private: boolean;
}

/** Accumulates a turn's events into an AnswerModel. */
export class AnswerBuilder {
  #status: string | undefined;
  #progress: FanOutProgress | undefined;
  #prose = '';
  readonly #sections = new Map<string, AccountSection>();
  readonly #errors: ErrorEvent[] = [];
  #final: FinalEvent | undefined;
  #private = false;

  push(event: AgentEvent): void {
    switch (event.type) {
      case 'status':
        if (event.progress) this.#progress = event.progress;
        else this.#status = event.message;
        return;
      case 'text':
        this.#prose += event.delta;
        return;
      case 'result':
        this.#section(event.account).results.push(event);
        return;
      case 'error':
        if (event.account) this.#section(event.account).errors.push(event);
        else this.#errors.push(event);
        return;
      case 'final':
        this.#final = event;
        return;
      case 'private':
        this.#private = true;
        return;
    }
  }

  get model(): AnswerModel {
    return {
      status: this.#status,
      progress: this.#progress,
      prose: this.#prose,
      sections: [...this.#sections.values()]
        .map((section) => ({
          ...section,
          results: [...section.results].sort((a, b) => compareText(a.region, b.region)),
        }))
        .sort((a, b) => compareAccountsForAnswer(a.account, b.account)),
      errors: [...this.#errors],
      final: this.#final,
      private: this.#private,
    };
  }

  #section(account: AccountRef): AccountSection {
    let section = this.#sections.get(account.id);
    if (!section) {
      section = { account, results: [], errors: [] };
      this.#sections.set(account.id, section);
    }
    return section;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True once the answer has anything beyond a status line. */
export function hasContent(model: AnswerModel): boolean {
  return (
    model.prose.trim() !== '' ||
    model.sections.length > 0 ||
    model.errors.length > 0 ||
    model.final !== undefined
  );
}

/** `**payments-prod** (111111111111)`: the account named on every line that carries data. */
export function accountLabel(account: AccountRef): string {
  return `**${account.name}** (${account.id})`;
}

/** A refusal reads as a lock and the reason; any other failure as a warning, its code and message. */
export function errorText(error: ErrorEvent): string {
  if (error.code === 'unauthorized') return `🔒 ${error.message}`;
  return `⚠️ ${error.region ? `${error.region}: ` : ''}${error.code}: ${error.message}`;
}

/** What the results count, all accounts together: "12 instances: 9 running, 3 stopped". */
export function tallyLine(model: AnswerModel): string | undefined {
  const byNoun = new Map<string, { total: number; states: Map<string, number> }>();
  for (const result of model.sections.flatMap((section) => section.results)) {
    if (!result.tally) continue;
    const entry = byNoun.get(result.tally.noun) ?? { total: 0, states: new Map<string, number>() };
    entry.total += result.tally.total;
    for (const [state, count] of Object.entries(result.tally.states ?? {}))
      entry.states.set(state, (entry.states.get(state) ?? 0) + count);
    byNoun.set(result.tally.noun, entry);
  }
  if (byNoun.size === 0) return undefined;
  return [...byNoun]
    .map(([noun, { total, states }]) => {
      const counted = `${thousands(total)} ${total === 1 ? noun : `${noun}s`}`;
      const byState = [...states]
        .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
        .map(([state, count]) => `${thousands(count)} ${state}`)
        .join(', ');
      return byState ? `${counted}: ${byState}` : counted;
    })
    .join(' · ');
}

/**
 * The answer's first line: what was counted, across how many accounts and regions, and how many
 * failed or were refused. Undefined for an answer without results (help, a refusal, prose alone).
 */
export function summaryHeadline(model: AnswerModel): string | undefined {
  const results = model.sections.flatMap((section) => section.results);
  if (model.sections.length === 0) return undefined;
  const accounts = model.sections.filter((section) => section.results.length > 0).length;
  const regions = new Set(results.map((result) => result.region)).size;
  const errors = model.sections.flatMap((section) => section.errors);
  const refused = new Set(errors.filter((e) => e.code === 'unauthorized').map((e) => e.account?.id)).size;
  const failed = errors.length - errors.filter((e) => e.code === 'unauthorized').length;
  return [
    tallyLine(model),
    accounts > 0 ? `${thousands(accounts)} account${accounts === 1 ? '' : 's'}` : undefined,
    regions > 0 ? `${regions} region${regions === 1 ? '' : 's'}` : undefined,
    failed > 0 ? `⚠️ ${thousands(failed)} failed` : undefined,
    refused > 0 ? `🔒 ${thousands(refused)} refused` : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
}

/** One line per region of an account: `us-east-1 · 3 instances (2 running, 1 stopped)`, errors beside. */
export function regionLines(section: AccountSection): string[] {
  return [
    ...section.results.map((result) => `${result.region} · ${result.summary}`),
    ...section.errors.map((error) =>
      error.code === 'unauthorized' ? `🔒 ${error.message}` : errorText(error),
    ),
  ];
}

/** AWS identifiers: resource ids (`i-0abc…`, `vol-…`, `sg-…`), ARNs, 12-digit account ids. */
const IDENTIFIER = /^(?:[a-z][a-z0-9]{0,7}-[0-9a-f]{6,32}|arn:aws[a-z-]*:[^\s]+|\d{12})$/;
/** Longer identifiers wrap rather than scroll out of a phone screen (an ARN). */
const MAX_UNBROKEN_CHARS = 40;

/**
 * A detail line laid out for a narrow screen: its identifier first (where a line never wraps) and,
 * when short enough, as code, which chat clients do not break at its hyphens.
 */
export function detailLine(line: string): string {
  const words = line.split(' ');
  const index = words.findIndex((word) => IDENTIFIER.test(word));
  if (index < 0) return line;
  const [identifier] = words.splice(index, 1) as [string];
  const shown = identifier.length <= MAX_UNBROKEN_CHARS ? `\`${identifier}\`` : identifier;
  return [shown, ...words].join(' ');
}

/** A result's lines as shown in the message: the first DETAIL_LINES_SHOWN, laid out for a phone. */
export function shownLines(result: ResultEvent): string[] {
  return result.lines.slice(0, DETAIL_LINES_SHOWN).map(detailLine);
}

/** How many detail lines the message leaves to Show more / Details. */
export function hiddenLineCount(model: AnswerModel): number {
  return model.sections
    .flatMap((section) => section.results)
    .reduce((sum, result) => sum + Math.max(0, result.lines.length - DETAIL_LINES_SHOWN), 0);
}

/** The results that have detail lines: a header only ever stands above lines. */
export function detailedResults(model: AnswerModel): ResultEvent[] {
  return model.sections.flatMap((section) => section.results.filter((result) => result.lines.length > 0));
}

/** The header of one account + region's details: `**payments-prod** (1111…) · us-east-1 · ec2 describe-instances`. */
export function detailHeader(result: ResultEvent): string {
  return `${accountLabel(result.account)} · ${result.region} · ${result.operation}`;
}

/** Details of one account + region, every line of them (a snippet, a page of Show more). */
export function detailBlock(result: ResultEvent, lines: readonly string[] = result.lines): string {
  const body = lines.map((line) => `- ${detailLine(line)}`);
  if (result.truncated) body.push(`- _… ${result.truncated.omittedBytes} bytes omitted_`);
  return [detailHeader(result), ...body].join('\n');
}

/** The footer: accounts, regions, time. Only under an answer with data: never on help or a refusal. */
export function footerText(model: AnswerModel): string | undefined {
  const final = model.final;
  if (!final || model.private || final.accounts.length === 0) return undefined;
  const accounts = final.accounts.length === 1 ? '1 account' : `${final.accounts.length} accounts`;
  const regions = final.regions.length > 0 ? ` · ${final.regions.join(', ')}` : '';
  return `${accounts}${regions} · ${(final.elapsedMs / 1000).toFixed(1)} s`;
}

/** The question as the agent said it can be asked again; undefined for a private answer. */
export function rerunOf(model: AnswerModel): Rerun | undefined {
  return model.private ? undefined : model.final?.rerun;
}

/**
 * The markdown to append to a live (streamed) reply for one event: prose as it comes, one summary
 * line per result or error. Statuses are not streamed: adapters show them in place (a status line
 * or the platform's "thinking" indicator) and the rendered answer replaces them.
 */
export function streamDelta(event: AgentEvent): string {
  switch (event.type) {
    case 'text':
      return event.delta;
    case 'result':
      return `\n- ${accountLabel(event.account)} ${event.region}: ${event.summary}`;
    case 'error':
      return `\n- ${event.account ? `${accountLabel(event.account)} ` : ''}${errorText(event)}`;
    case 'status':
    case 'final':
    case 'image':
    case 'private':
      return '';
  }
}

export interface RenderOptions {
  /** Longest message the platform shows comfortably; longer answers get an attachment. @default 3_000 */
  readonly maxChars?: number;
  /** File name of the attachment body. @default 'centralops-answer.md' */
  readonly attachmentName?: string;
  /** Said in the message when the rest went into the attachment. @default names the attached file */
  readonly overflowNote?: string;
}

export interface RenderedAnswer {
  /** The message: the whole answer, or its summary when an attachment carries the rest. */
  readonly text: string;
  /** Present when the answer did not fit `maxChars`: the full answer as a file body. */
  readonly attachment?: { readonly filename: string; readonly content: string };
}

const NO_ANSWER = '_The agent finished without an answer._';

/** The account summary lines of the markdown layout: `- **payments-prod** (1111…): us-east-1 · 2 buckets; …`. */
function accountLines(model: AnswerModel): string[] {
  return [
    ...model.sections.map(
      (section) => `- ${accountLabel(section.account)}: ${regionLines(section).join('; ')}`,
    ),
    ...model.errors.map((error) =>
      model.sections.length === 0 ? errorText(error) : `- ${errorText(error)}`,
    ),
  ];
}

/** Every detail line of the answer, for a file (Details, a long answer's snippet). */
export function fullDetails(model: AnswerModel): string {
  return detailedResults(model)
    .map((result) => detailBlock(result))
    .join('\n\n');
}

/**
 * The answer as markdown (private notes, the text of a long answer's snippet): summary first, one
 * line per account, the shown details; past `maxChars` a short message plus an attachment
 * holding every detail line.
 */
export function renderAnswer(model: AnswerModel, options: RenderOptions = {}): RenderedAnswer {
  const maxChars = options.maxChars ?? 3_000;
  const filename = options.attachmentName ?? 'centralops-answer.md';
  if (!hasContent(model)) return { text: model.status ? `_${model.status}_` : NO_ANSWER };

  const prose = model.prose.trim();
  const headline = summaryHeadline(model);
  const summary = accountLines(model);
  const details = detailedResults(model).map((result) => {
    const hidden = result.lines.length - DETAIL_LINES_SHOWN;
    return (
      detailBlock(result, result.lines.slice(0, DETAIL_LINES_SHOWN)) +
      (hidden > 0 ? `\n- _… ${hidden} more_` : '')
    );
  });
  const footer = footerText(model);
  const tail = footer ? [`_${footer}_`] : [];
  const top = [headline ? `**${headline}**` : '', prose];
  const full = join([...top, summary.join('\n'), details.join('\n\n'), ...tail]);
  if (full.length <= maxChars) return { text: full };

  const note = options.overflowNote ?? `_Full answer with details in the attached file ${filename}._`;
  const budget = maxChars - note.length - tail.join('').length - (headline?.length ?? 0) - 12;
  const shortProse = prose.length > budget / 2 ? `${prose.slice(0, Math.floor(budget / 2))}…` : prose;
  const kept: string[] = [];
  let used = shortProse.length;
  for (const [index, line] of summary.entries()) {
    const more = `- … and ${summary.length - index} more (see the file)`;
    if (used + line.length + 1 + more.length + 1 > budget) {
      kept.push(more);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return {
    text: join([headline ? `**${headline}**` : '', shortProse, kept.join('\n'), note, ...tail]),
    attachment: {
      filename,
      content: join([...top, summary.join('\n'), fullDetails(model), ...tail]),
    },
  };
}

function join(parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n\n');
}
