/**
 * The Teams ReplyStream. In personal (1:1) chats it uses Teams' native streaming: typing
 * activities carrying a `streaminfo` entity (informative → streaming with an increasing
 * streamSequence and cumulative text → a final message with streamType final). Everywhere else
 * (channels, group chats, where Teams refuses streams) it posts one message and edits it in
 * place. Both keep to one update per second; the finished answer replaces the live text with
 * the Adaptive Card. A fan-out's progress heads the message edited in place; a native stream shows
 * it as its informative update while the fan-out runs (streamed text may only grow, so it cannot
 * carry a count that changes), its results streaming once the count is complete.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Activity } from 'botbuilder';
import type { AgentEvent, FanOutProgress, ImageEvent } from '#contracts/agent-events.ts';
import { AnswerBuilder, streamDelta } from '../core/answer.ts';
import type { ChatButton } from '../core/chat-action.ts';
import { isComplete, progressLine } from '../core/progress.ts';
import type { ReplyStream } from '../core/reply-stream.ts';
import { TeamsSendError } from './errors.ts';
import { imageMessage } from './image-card.ts';
import { Pacer, type PacerOptions } from './pacer.ts';
import { clampMarkdown, renderTeamsAnswer } from './render.ts';
import type { TeamsSender } from './sender.ts';

export interface TeamsReplyOptions extends PacerOptions {
  /** Native streams must end within 2 minutes: past this, end the stream and go on in place. @default 100_000 */
  readonly streamBudgetMs?: number;
  /** Answer by editing this activity (a tapped card) rather than posting anew. @default a new message */
  readonly replaceActivityId?: string;
  readonly logger?: Logger;
}

interface LiveView {
  readonly status: string | undefined;
  /** A fan-out's latest progress. */
  readonly progress: FanOutProgress | undefined;
  readonly live: string;
}

interface Transport {
  update(view: LiveView): Promise<void>;
  finish(message: Partial<Activity>): Promise<void>;
}

/** Informative updates are capped at 1,000 characters by Teams. */
const MAX_INFORMATIVE_CHARS = 1_000;

export function createTeamsReplyStream(sender: TeamsSender, options: TeamsReplyOptions = {}): ReplyStream {
  const now = options.now ?? Date.now;
  // Never a native stream outside personal scope: Teams refuses them there (403); a tapped card
  // is edited where it is.
  const transport = options.replaceActivityId
    ? new InPlaceMessage(sender, options.replaceActivityId)
    : sender.isPersonal
      ? new NativeStream(sender, options.streamBudgetMs ?? 100_000, now)
      : new InPlaceMessage(sender);
  return new TeamsReplyStream(sender, transport, options);
}

class TeamsReplyStream implements ReplyStream {
  readonly #sender: TeamsSender;
  readonly #transport: Transport;
  readonly #logger: Logger | undefined;
  readonly #answer = new AnswerBuilder();
  readonly #pacer: Pacer;
  #live = '';
  #done = false;
  /** Charts, each sent as its own message after the answer. */
  readonly #images: ImageEvent[] = [];

  constructor(sender: TeamsSender, transport: Transport, options: TeamsReplyOptions) {
    this.#sender = sender;
    this.#transport = transport;
    this.#logger = options.logger;
    this.#pacer = new Pacer(() => this.#flush(), options);
  }

  async push(event: AgentEvent): Promise<void> {
    if (this.#done) return;
    if (event.type === 'image') {
      this.#images.push(event);
      return;
    }
    this.#answer.push(event);
    this.#live += streamDelta(event);
    this.#pacer.poke();
  }

  async fail(message: string): Promise<void> {
    if (this.#done) return;
    await this.#pacer.settle();
    await this.#transport.finish({ type: 'message', text: `⚠️ ${message}`, textFormat: 'markdown' });
    this.#done = true;
  }

  /** Sends the answer card; when Teams refuses it, throws with the reply still open for fail(). */
  async close(buttons: readonly ChatButton[] = []): Promise<void> {
    if (this.#done) return;
    await this.#pacer.settle();
    const rendering = renderTeamsAnswer(this.#answer.model, buttons);
    await this.#transport.finish({
      type: 'message',
      text: rendering.text,
      attachments: [rendering.card],
      summary: rendering.text,
    });
    this.#done = true;
    for (const detail of rendering.followUps) {
      await this.#sender.send({ type: 'message', text: detail, textFormat: 'markdown' });
    }
    for (const image of this.#images) {
      // The answer is out and its text says what the chart shows: a refused chart is only logged.
      await this.#sender.send(imageMessage(image)).catch((error: unknown) => {
        this.#logger?.warn('Teams chart message failed', { error });
      });
    }
  }

  async #flush(): Promise<void> {
    try {
      const { status, progress } = this.#answer.model;
      await this.#transport.update({ status, progress, live: this.#live });
    } catch (error) {
      // A lost progress update is not worth failing the answer: the final message follows.
      this.#logger?.warn('Teams progress update failed', { error });
    }
  }
}

/** Teams' native streaming protocol (personal scope only). */
class NativeStream implements Transport {
  readonly #sender: TeamsSender;
  readonly #budgetMs: number;
  readonly #now: () => number;
  #streamId: string | undefined;
  #sequence = 0;
  #startedAt = 0;
  #streaming = false;
  /** Set once the stream ended early (time budget) or Teams refused it: the rest goes in place. */
  #fallback: InPlaceMessage | undefined;

  constructor(sender: TeamsSender, budgetMs: number, now: () => number) {
    this.#sender = sender;
    this.#budgetMs = budgetMs;
    this.#now = now;
  }

  async update(view: LiveView): Promise<void> {
    if (this.#fallback) return this.#fallback.update(view);
    if (this.#streamId && this.#now() - this.#startedAt > this.#budgetMs) {
      await this.#endEarly(view);
      return this.#fallback!.update(view);
    }
    // Streamed text must grow from what was sent, so a running fan-out's count is the informative
    // update, the results held until it completes (unless text already streams).
    const fanOutRunning = view.progress !== undefined && !isComplete(view.progress);
    const streaming = this.#streaming || (!fanOutRunning && view.live.trim() !== '');
    const informative = view.progress ? progressLine(view.progress) : view.status;
    const text = streaming ? clampMarkdown(view.live) : informative?.slice(0, MAX_INFORMATIVE_CHARS);
    if (!text) return;
    this.#streaming = streaming;
    this.#sequence += 1;
    const entity = {
      type: 'streaminfo',
      streamType: streaming ? 'streaming' : 'informative',
      streamSequence: this.#sequence,
      ...(this.#streamId ? { streamId: this.#streamId } : {}),
    };
    try {
      const id = await this.#sender.send({ type: 'typing', text, entities: [entity] });
      if (!this.#streamId) {
        this.#streamId = id;
        this.#startedAt = this.#now();
      }
    } catch (error) {
      // 403 ContentStreamNotAllowed: streaming disabled for this user/bot, or the user pressed Stop.
      if (error instanceof TeamsSendError && error.statusCode === 403)
        this.#fallback = new InPlaceMessage(this.#sender);
      throw error;
    }
  }

  async finish(message: Partial<Activity>): Promise<void> {
    if (this.#fallback) return this.#fallback.finish(message);
    if (!this.#streamId) {
      await this.#sender.send(message);
      return;
    }
    await this.#sender.send({
      ...message,
      entities: [{ type: 'streaminfo', streamId: this.#streamId, streamType: 'final' }],
    });
  }

  async #endEarly(view: LiveView): Promise<void> {
    const text = `${clampMarkdown(view.live || view.status || '…', 20_000)}\n\n_…continued below_`;
    this.#fallback = new InPlaceMessage(this.#sender);
    await this.#sender.send({
      type: 'message',
      text,
      entities: [{ type: 'streaminfo', streamId: this.#streamId, streamType: 'final' }],
    });
  }
}

/** One message, edited in place (channels, group chats, and the fallback of a native stream). */
class InPlaceMessage implements Transport {
  readonly #sender: TeamsSender;
  #activityId: string | undefined;

  /** @param activityId a message to edit from the first update on. @default the first one sent */
  constructor(sender: TeamsSender, activityId?: string) {
    this.#sender = sender;
    this.#activityId = activityId;
  }

  async update(view: LiveView): Promise<void> {
    const live = view.progress ? `${progressLine(view.progress)}\n\n${view.live}` : view.live;
    const text = live.trim() ? clampMarkdown(live) : view.status ? `_${view.status}_` : '';
    if (!text) return;
    await this.#write({ type: 'message', text, textFormat: 'markdown' });
  }

  async finish(message: Partial<Activity>): Promise<void> {
    await this.#write(message);
  }

  async #write(message: Partial<Activity>): Promise<void> {
    if (this.#activityId) {
      await this.#sender.update(this.#activityId, message);
    } else {
      this.#activityId = await this.#sender.send(message);
    }
  }
}
