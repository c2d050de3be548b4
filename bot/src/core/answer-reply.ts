/**
 * The reply of one question as the pipeline sees it: it follows the agent's events into the
 * platform's reply, or, when the agent marks the answer private before anything else (help, usage,
 * a refusal, the asker's memory), into a private reply instead, so nothing of it reaches the
 * channel. It also keeps the answer's model, from which the answer's buttons are made.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import { AnswerBuilder, type AnswerModel } from './answer.ts';
import type { ChatButton } from './chat-action.ts';
import type { ReplyStream } from './reply-stream.ts';

export class AnswerReply implements ReplyStream {
  readonly #public: ReplyStream;
  readonly #private: () => ReplyStream;
  readonly #answer = new AnswerBuilder();
  #target: ReplyStream | undefined;

  constructor(publicReply: ReplyStream, privateReply: () => ReplyStream) {
    this.#public = publicReply;
    this.#private = privateReply;
  }

  /** The answer so far. */
  get model(): AnswerModel {
    return this.#answer.model;
  }

  /** True once the answer went to the asker alone. */
  get isPrivate(): boolean {
    return this.#target !== undefined && this.#target !== this.#public;
  }

  async push(event: AgentEvent): Promise<void> {
    this.#target ??= event.type === 'private' ? this.#private() : this.#public;
    this.#answer.push(event);
    await this.#target.push(event);
  }

  async fail(message: string): Promise<void> {
    await (this.#target ?? this.#public).fail(message);
  }

  async close(buttons?: readonly ChatButton[]): Promise<void> {
    await (this.#target ?? this.#public).close(buttons);
  }
}
