/**
 * The platform-neutral answer: what the agent's events add up to, and how that reads on a phone.
 * Adapters feed every AgentEvent to an AnswerBuilder, stream `streamDelta(event)` while the turn
 * runs, and render the finished model with `renderAnswer` (standard markdown, which Slack's
 * `markdown_text` and Teams both take). Layout: the prose, then one summary line per account
 * (errors and refusals beside the results), then details per account + region. Every result names
 * its account and region. Output longer than the platform's limit becomes a short message plus an
 * attachment body holding everything.
 */
import type { AccountRef, AgentEvent, FanOutProgress } from '#contracts/agent-events.ts';

export type ResultEvent = Extract<AgentEvent, { type: 'result' }>;
export type ErrorEvent = Extract<AgentEvent, { type: 'error' }>;
export type FinalEvent = Extract<AgentEvent, { type: 'final' }>;

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
  /** In the order accounts first appeared. */
  readonly sections: readonly AccountSection[];
  /** Errors that belong to no account (planning, model, the turn as a whole). */
  readonly errors: readonly ErrorEvent[];
  readonly final: FinalEvent | undefined;
}

/** Accumulates a turn's events into an AnswerModel. */
export class AnswerBuilder {
  #status: string | undefined;
  #progress: FanOutProgress | undefined;
  #prose = '';
  readonly #sections = new Map<string, AccountSection>();
  readonly #errors: ErrorEvent[] = [];
  #final: FinalEvent | undefined;

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
    }
  }

  get model(): AnswerModel {
    return {
      status: this.#status,
      progress: this.#progress,
      prose: this.#prose,
      sections: [...this.#sections.values()],
      errors: [...this.#errors],
      final: this.#final,
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

function errorText(error: ErrorEvent): string {
  return `⚠️ ${error.region ? `${error.region}: ` : ''}${error.code}: ${error.message}`;
}

/** One line per account: its results' summaries per region, its errors beside them. */
export function summaryLine(section: AccountSection): string {
  const parts = [
    ...section.results.map((result) => `${result.region}: ${result.summary}`),
    ...section.errors.map(errorText),
  ];
  return `- ${accountLabel(section.account)}: ${parts.join('; ')}`;
}

/** Details of one account + region + operation, as short lines (no tables). */
export function detailBlock(result: ResultEvent): string {
  const header = `${accountLabel(result.account)} · ${result.region} · \`${result.operation}\``;
  return [header, ...detailLines(result)].join('\n');
}

/** A result's lines as markdown list items, with what the agent cut off counted last. */
export function detailLines(result: ResultEvent): string[] {
  const lines = result.lines.map((line) => `- ${line}`);
  if (result.truncated) lines.push(`- _… ${result.truncated.omittedBytes} bytes omitted_`);
  return lines;
}

function footer(final: FinalEvent): string {
  const accounts = final.accounts.length === 1 ? '1 account' : `${final.accounts.length} accounts`;
  const regions = final.regions.length > 0 ? ` · ${final.regions.join(', ')}` : '';
  return `_${accounts}${regions} · ${(final.elapsedMs / 1000).toFixed(1)} s_`;
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

/** Renders the model as markdown; splits into summary + attachment past `maxChars`. */
export function renderAnswer(model: AnswerModel, options: RenderOptions = {}): RenderedAnswer {
  const maxChars = options.maxChars ?? 3_000;
  const filename = options.attachmentName ?? 'centralops-answer.md';
  if (!hasContent(model)) return { text: model.status ? `_${model.status}_` : NO_ANSWER };

  const prose = model.prose.trim();
  const summary = [
    ...model.sections.map(summaryLine),
    ...model.errors.map((error) => `- ${errorText(error)}`),
  ];
  const details = model.sections.flatMap((section) => section.results.map(detailBlock));
  const tail = model.final ? [footer(model.final)] : [];
  const full = join([prose, summary.join('\n'), details.join('\n\n'), ...tail]);
  if (full.length <= maxChars) return { text: full };

  const note = options.overflowNote ?? `_Full answer with details in the attached file ${filename}._`;
  const budget = maxChars - note.length - tail.join('').length - 8;
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
    text: join([shortProse, kept.join('\n'), note, ...tail]),
    attachment: { filename, content: full },
  };
}

function join(parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n\n');
}
