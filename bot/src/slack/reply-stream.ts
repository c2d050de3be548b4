/**
 * The answer in a Slack thread, live. Content streams through chat.startStream / appendStream /
 * stopStream (WebClient's `chatStream` helper) at most once per interval, the first content at
 * once; the finished answer then replaces the streamed text in place (chat.update on the same ts):
 * status lines go, the summary-first layout comes, long answers leave their details in a snippet
 * (files.uploadV2) in the thread. Where streaming is unavailable, or the stream expired
 * (`message_not_in_streaming_state`), one message is updated with chat.update at most once per
 * interval. In DMs and the agent pane, statuses go to the thread's "is thinking…" status instead.
 * A fan-out's progress is a task of the stream, updated in place and marked done when the answer
 * is (or a line atop the updated message, gone from the final answer).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { types } from '@slack/bolt';
import type { ChatAppendStreamArguments, ChatStreamer, ChatUpdateArguments, WebClient } from '@slack/web-api';
import { type AgentEvent, describeProgress, type ImageEvent } from '#contracts/agent-events.ts';
import { AnswerBuilder, hasContent, renderAnswer, streamDelta } from '../core/answer.ts';
import type { ChatButton } from '../core/chat-action.ts';
import { BOT_MESSAGES } from '../core/messages.ts';
import { isComplete, progressLine } from '../core/progress.ts';
import type { ReplyStream } from '../core/reply-stream.ts';
import { slackAnswerBlocks } from './blocks.ts';
import { SlackNotInChannelError } from './errors.ts';
import { uploadImages } from './image-upload.ts';
import { slackErrorCode } from './web-client.ts';

export interface SlackThreadTarget {
  readonly channel: string;
  /** The thread to answer in; may post a root message on first use (`/ops`). */
  readonly threadTs: () => Promise<string>;
  /** The asker: Slack needs them (and their team) to stream outside a DM. */
  readonly recipientUserId: string;
  readonly recipientTeamId: string;
  /** DMs and the agent pane: show statuses with assistant.threads.setStatus. */
  readonly assistantThread: boolean;
  /** Answer by editing this message (a tapped answer) rather than starting a new one. @default a new message */
  readonly replaceTs?: string;
  /** Tells the asker privately what cannot be posted (the bot is not in a private channel). @default none */
  readonly notifyPrivately?: (markdown: string) => Promise<void>;
}

export interface SlackReplyStreamOptions {
  readonly client: WebClient;
  readonly target: SlackThreadTarget;
  readonly logger: Logger;
  /** Least time between two updates of the message. @default 1_000 */
  readonly intervalMs?: number;
  /** Longer answers become summary + snippet. @default 3_500 */
  readonly maxMessageChars?: number;
}

type Mode = 'idle' | 'streaming' | 'updating';

/** The agent pane's loading status until the agent says more. */
export const THINKING = 'is thinking…';

/**
 * Message metadata on the message that ends an answer, so a reader (a client, a test, a later
 * follow-up) can tell a finished answer from one still in progress without guessing from timing.
 */
export const ANSWER_EVENT_TYPE = 'centralops_answer';
export type AnswerState = 'final' | 'failed';

type MessageMetadata = NonNullable<ChatUpdateArguments['metadata']>;

function answerMetadata(state: AnswerState): MessageMetadata {
  return { event_type: ANSWER_EVENT_TYPE, event_payload: { state } };
}

// Streamed text past this stays in the model only: the final update (or snippet) carries it.
const STREAM_CHAR_LIMIT = 10_000;

type StreamChunk = NonNullable<ChatAppendStreamArguments['chunks']>[number];
type TaskStatus = Extract<StreamChunk, { type: 'task_update' }>['status'];

/**
 * chat.update is Tier 3 (about 50 a minute per workspace), appendStream Tier 4 (about 100): a
 * message updated in place waits this much longer than a stream between two calls, so one answer
 * alone never spends the whole minute's chat.update budget at the default interval (1 s → 1.2 s).
 */
const CHAT_UPDATE_PACE = 1.2;

/** The task a fan-out's progress is shown as in a stream: one id, so Slack updates it in place. */
export const PROGRESS_TASK_ID = 'centralops-fan-out';

export class SlackReplyStream implements ReplyStream {
  readonly #client: WebClient;
  readonly #target: SlackThreadTarget;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #maxMessageChars: number;
  readonly #answer = new AnswerBuilder();
  #mode: Mode = 'idle';
  #streamer: ChatStreamer | undefined;
  #ts: string | undefined;
  #thread: string | undefined;
  #pending = '';
  #streamedChars = 0;
  #contentSent = false;
  /** A fan-out's progress changed since it was last shown. */
  #progressChanged = false;
  #lastFlush = 0;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #done = false;
  #statusShown = false;
  /** Charts, uploaded into the thread when the answer closes. */
  readonly #images: ImageEvent[] = [];
  #replacing = false;

  constructor(options: SlackReplyStreamOptions) {
    this.#client = options.client;
    this.#target = options.target;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#maxMessageChars = options.maxMessageChars ?? 3_500;
    if (options.target.replaceTs) {
      // A message that exists already is edited in place from the first update on.
      this.#mode = 'updating';
      this.#ts = options.target.replaceTs;
      this.#replacing = true;
    }
  }

  async push(event: AgentEvent): Promise<void> {
    if (this.#done) return;
    if (event.type === 'image') {
      this.#images.push(event);
      return;
    }
    this.#answer.push(event);
    if (event.type === 'status' && event.progress) {
      // Shown in place (a stream's task, or the updated message), paced like the content.
      this.#progressChanged = true;
      await this.#pace(false);
      return;
    }
    if (this.#target.assistantThread && (event.type === 'status' || !this.#statusShown)) {
      this.#statusShown = true;
      await this.#enqueue(() =>
        this.#setStatus(THINKING, event.type === 'status' ? [event.message] : undefined),
      );
      if (event.type === 'status') return;
    }
    if (event.type === 'status') {
      if (!hasContent(this.#answer.model)) this.#pending += `_${event.message}_\n`;
    } else {
      this.#pending += streamDelta(event);
    }
    await this.#pace(!this.#contentSent && event.type !== 'status' && this.#pending !== '');
  }

  /** Flushes now (the first content, or the interval has passed), else once the interval has. */
  async #pace(firstContent: boolean): Promise<void> {
    const interval = this.#mode === 'updating' ? this.#intervalMs * CHAT_UPDATE_PACE : this.#intervalMs;
    if (firstContent || Date.now() - this.#lastFlush >= interval) {
      await this.#enqueue(() => this.#flush());
    } else {
      this.#timer ??= setTimeout(
        () => {
          this.#timer = undefined;
          this.#enqueue(() => this.#flush()).catch((error: unknown) => {
            // close() or fail() reports to the user; here only the log learns of it.
            this.#logger.warn('paced update failed', { error: error as Error });
          });
        },
        this.#lastFlush + interval - Date.now(),
      );
    }
  }

  async fail(message: string): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#clearTimer();
    await this.#enqueue(async () => {
      const text = `⚠️ ${message}`;
      if (this.#mode === 'streaming') {
        // The failure message matters more than closing the stream cleanly.
        await this.#stopStream('error').catch((error: unknown) => {
          this.#logger.warn('cannot stop the stream', { error: error as Error });
        });
      }
      const metadata = answerMetadata('failed');
      try {
        if (this.#ts && (this.#replacing || !hasContent(this.#answer.model))) {
          await this.#client.chat.update({
            channel: this.#target.channel,
            ts: this.#ts,
            markdown_text: text,
            metadata,
          });
        } else {
          await this.#post(text, metadata);
        }
      } catch (error) {
        // Not in the channel and cannot join it: only the asker can be told, and how to invite the bot.
        if (!(error instanceof SlackNotInChannelError) || !this.#target.notifyPrivately) throw error;
        await this.#target.notifyPrivately(BOT_MESSAGES.notInPrivateChannel);
        return;
      }
      if (this.#target.assistantThread) await this.#setStatus('');
    });
  }

  async close(buttons: readonly ChatButton[] = []): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#clearTimer();
    await this.#enqueue(async () => {
      const model = this.#answer.model;
      const rendered = renderAnswer(model, { maxChars: this.#maxMessageChars });
      const layout = slackAnswerBlocks(model, { buttons, withoutDetails: rendered.attachment !== undefined });
      if (this.#mode === 'streaming') await this.#stopStream('complete');
      if (layout.overflow) {
        const { attachment } = renderAnswer(model, { maxChars: 0 });
        await this.#client.filesUploadV2({
          channel_id: this.#target.channel,
          thread_ts: await this.#threadTs(),
          filename: attachment!.filename,
          title: 'CentralOps answer (full)',
          content: attachment!.content,
        });
      }
      if (this.#images.length > 0) {
        const target = { channel: this.#target.channel, threadTs: await this.#threadTs() };
        await uploadImages(this.#client, target, this.#images, this.#logger);
      }
      const message = { text: layout.text, blocks: layout.blocks, metadata: answerMetadata('final') };
      if (!this.#ts) {
        await this.#postBlocks(message);
        return;
      }
      try {
        await this.#client.chat.update({ channel: this.#target.channel, ts: this.#ts, ...message });
      } catch (error) {
        // The streamed text lacks the layout: when Slack refuses the edit, the answer comes anew.
        this.#logger.warn('cannot replace the streamed answer, posting it', { code: slackErrorCode(error) });
        await this.#postBlocks(message);
      }
    });
  }

  async #postBlocks(message: {
    text: string;
    blocks: types.KnownBlock[];
    metadata: MessageMetadata;
  }): Promise<void> {
    await this.#client.chat.postMessage({
      channel: this.#target.channel,
      thread_ts: await this.#threadTs(),
      ...message,
    });
  }

  /** Runs Web API work one call after another, in push order. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #flush(): Promise<void> {
    if (this.#done || (this.#pending === '' && !this.#progressChanged)) return;
    const text = this.#pending;
    const chunks = this.#progressChanged ? this.#progressChunks() : [];
    this.#pending = '';
    this.#progressChanged = false;
    this.#lastFlush = Date.now();
    if (hasContent(this.#answer.model)) this.#contentSent = true;
    if (this.#mode === 'idle') await this.#start(text, chunks);
    else if (this.#mode === 'streaming') await this.#append(text, chunks);
    else await this.#updateInPlace();
  }

  /**
   * The fan-out's progress as a task of the stream, updated in place by its id; `ended` (the
   * answer's end) settles it whatever the count, so no spinner outlives the answer.
   */
  #progressChunks(ended?: TaskStatus): StreamChunk[] {
    const { progress } = this.#answer.model;
    if (!progress) return [];
    const status = ended ?? (isComplete(progress) ? 'complete' : 'in_progress');
    return [{ type: 'task_update', id: PROGRESS_TASK_ID, title: describeProgress(progress), status }];
  }

  async #start(text: string, chunks: StreamChunk[]): Promise<void> {
    this.#streamer = this.#client.chatStream({
      channel: this.#target.channel,
      thread_ts: await this.#threadTs(),
      recipient_user_id: this.#target.recipientUserId,
      recipient_team_id: this.#target.recipientTeamId,
      // We pace the calls ourselves: every append() is sent as it is.
      buffer_size: 1,
    });
    try {
      await this.#streamer.append({ markdown_text: text, ...(chunks.length ? { chunks } : {}) });
      this.#mode = 'streaming';
      this.#ts = this.#streamer.ts;
      this.#streamedChars = text.length;
    } catch (error) {
      this.#logger.warn('streaming unavailable, updating one message instead', {
        code: slackErrorCode(error),
      });
      this.#mode = 'updating';
      this.#ts = await this.#post(this.#progressText());
    }
  }

  async #append(text: string, chunks: StreamChunk[]): Promise<void> {
    // Past the limit the text stays in the model; the progress is still shown.
    const markdown = this.#streamedChars + text.length > STREAM_CHAR_LIMIT ? '' : text;
    if (markdown === '' && chunks.length === 0) return;
    try {
      await this.#streamer?.append({ markdown_text: markdown, ...(chunks.length ? { chunks } : {}) });
      this.#streamedChars += markdown.length;
    } catch (error) {
      if (slackErrorCode(error) !== 'message_not_in_streaming_state') throw error;
      this.#logger.info('stream expired, finishing with chat.update', { ts: this.#ts });
      this.#mode = 'updating';
      await this.#updateInPlace();
    }
  }

  async #stopStream(ended: TaskStatus): Promise<void> {
    this.#mode = 'updating';
    const chunks = this.#progressChunks(ended);
    try {
      await this.#streamer?.stop(chunks.length ? { chunks } : undefined);
    } catch (error) {
      // An expired stream is already stopped; the chat.update that follows finishes the answer.
      if (slackErrorCode(error) !== 'message_not_in_streaming_state') throw error;
    }
  }

  async #updateInPlace(): Promise<void> {
    if (!this.#ts) return;
    await this.#client.chat.update({
      channel: this.#target.channel,
      ts: this.#ts,
      markdown_text: this.#progressText(),
    });
  }

  /** The answer so far, as it would be rendered now (status line until content arrives). */
  #progressText(): string {
    const text = renderAnswer(this.#answer.model, { maxChars: this.#maxMessageChars }).text;
    const { progress, final } = this.#answer.model;
    return progress && !final ? `${progressLine(progress)}\n\n${text}` : text;
  }

  async #post(markdown: string, metadata?: MessageMetadata): Promise<string | undefined> {
    const result = await this.#client.chat.postMessage({
      channel: this.#target.channel,
      thread_ts: await this.#threadTs(),
      markdown_text: markdown,
      ...(metadata ? { metadata } : {}),
    });
    return result.ts;
  }

  /** The pane shows `status`, rotating through `loadingMessages` (the agent's progress). */
  async #setStatus(status: string, loadingMessages?: string[]): Promise<void> {
    try {
      await this.#client.assistant.threads.setStatus({
        channel_id: this.#target.channel,
        thread_ts: await this.#threadTs(),
        status,
        ...(loadingMessages ? { loading_messages: loadingMessages } : {}),
      });
    } catch (error) {
      // Outside the agent pane Slack may refuse a status; the answer itself still goes out.
      this.#logger.info('setStatus refused', { code: slackErrorCode(error) });
    }
  }

  async #threadTs(): Promise<string> {
    this.#thread ??= await this.#target.threadTs();
    return this.#thread;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
