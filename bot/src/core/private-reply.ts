/**
 * A reply only the asker sees (`/ops … private`): nothing shows while the agent works, then the
 * rendered answer goes once through the PrivateNotifier (Slack ephemeral, Teams 1:1). Private
 * notes cannot carry files, so an answer past the limit keeps its summary and says so.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import { AnswerBuilder, hiddenLineCount, renderAnswer } from './answer.ts';
import type { PrivateNotifier, ReplyStream } from './reply-stream.ts';

export interface PrivateReplyStreamOptions {
  readonly notifier: PrivateNotifier;
  /** Longest private note. @default 3_500 */
  readonly maxChars?: number;
}

export const PRIVATE_OVERFLOW_NOTE =
  '_Too long for a private answer: ask again without `private` for the full details._';

export class PrivateReplyStream implements ReplyStream {
  readonly #notifier: PrivateNotifier;
  readonly #maxChars: number;
  readonly #answer = new AnswerBuilder();
  #done = false;

  constructor(options: PrivateReplyStreamOptions) {
    this.#notifier = options.notifier;
    this.#maxChars = options.maxChars ?? 3_500;
  }

  async push(event: AgentEvent): Promise<void> {
    this.#answer.push(event);
  }

  async fail(message: string): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#notifier.notify(`⚠️ ${message}`);
  }

  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const model = this.#answer.model;
    const rendered = renderAnswer(model, { maxChars: this.#maxChars, overflowNote: PRIVATE_OVERFLOW_NOTE });
    // A private note has no Show more: it says where the rest is.
    const cut = !rendered.attachment && hiddenLineCount(model) > 0;
    await this.#notifier.notify(cut ? `${rendered.text}\n\n${PRIVATE_OVERFLOW_NOTE}` : rendered.text);
  }
}
