/**
 * The Slack worker's logic: a question runs the shared pipeline with a Slack reply (streamed in
 * the thread, or ephemeral when private); a button tap runs the action pipeline; an agent-pane
 * event gets suggested prompts. `/ops`
 * posts its visible root message only once the pipeline has something to say in the thread, so
 * an unlinked user's command leaves nothing in the channel but their private link prompt.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import type { ActionPipeline } from '../core/action-pipeline.ts';
import type { AnsweredThreads, ThreadRef } from '../core/answered-threads.ts';
import type { ActionReplies, ChatAction } from '../core/chat-action.ts';
import type { ChatEvent } from '../core/chat-event.ts';
import { dedupeKey, onceOrAnyway } from '../core/dedupe.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { DedupePort } from '../core/ports.ts';
import { PrivateReplyStream } from '../core/private-reply.ts';
import type { ReplyStream } from '../core/reply-stream.ts';
import { offerSuggestedPrompts } from './agent-pane.ts';
import { postingAsMember } from './channel-membership.ts';
import { SlackAdapterError } from './errors.ts';
import { SlackEphemeral } from './private-notifier.ts';
import { SlackReplyStream } from './reply-stream.ts';
import { SLACK_CONTEXT, type SlackWork } from './work.ts';

export interface SlackWorkerDeps {
  readonly pipeline: Pipeline;
  /** Runs button taps; without it a tap is logged and dropped. */
  readonly actions?: ActionPipeline;
  readonly client: WebClient;
  readonly logger: Logger;
  /** @default 1_000 */
  readonly streamIntervalMs?: number;
  /** @default 3_500 */
  readonly maxMessageChars?: number;
  /** For response_url. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /**
   * Drops a question delivered twice to the worker (Lambda's asynchronous invocations are
   * at-least-once); when it cannot be written the question is answered all the same.
   * @default none: every delivery runs
   */
  readonly dedupe?: DedupePort;
  /** The threads CentralOps answered in (follow-ups, the conversation an /ops thread continues). @default none */
  readonly threads?: AnsweredThreads;
}

/** `make`'s promise, made on the first call only (a failure included). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

export type SlackWorker = (work: SlackWork) => Promise<void>;

export function createSlackWorker(deps: SlackWorkerDeps): SlackWorker {
  const { pipeline, client, logger } = deps;

  function replyFor(event: ChatEvent, notifier: SlackEphemeral): ReplyStream {
    if (event.private) return new PrivateReplyStream({ notifier, maxChars: deps.maxMessageChars });
    const commandLine = event.platformContext[SLACK_CONTEXT.commandLine];
    // The thread the answer goes in, found once: an /ops root is posted (joining the channel if need be).
    const thread = once(async () => {
      const threadTs =
        event.surface === 'command'
          ? await postingAsMember(client, event.channelId, () =>
              postCommandRoot(client, event.channelId, commandLine ?? '/ops', event.userId),
            )
          : event.threadId;
      await rememberThread(event, threadTs);
      return threadTs;
    });
    return new SlackReplyStream({
      client,
      logger,
      intervalMs: deps.streamIntervalMs,
      maxMessageChars: deps.maxMessageChars,
      target: {
        channel: event.channelId,
        threadTs: thread,
        recipientUserId: event.userId,
        recipientTeamId: event.workspaceId,
        assistantThread: event.platformContext[SLACK_CONTEXT.channelType] === 'im',
        notifyPrivately: (markdown) => notifier.notify(markdown),
      },
    });
  }

  /** A thread CentralOps answers in: replies there continue its conversation (the command's, for /ops). */
  async function rememberThread(event: ChatEvent, threadTs: string): Promise<void> {
    if (!deps.threads || event.platformContext[SLACK_CONTEXT.channelType] === 'im') return;
    await deps.threads
      .remember(
        {
          platform: event.platform,
          workspaceId: event.conversationWorkspaceId ?? event.workspaceId,
          channelId: event.channelId,
          threadId: threadTs,
        },
        event.conversationThreadId ?? event.threadId,
      )
      .catch((error: unknown) => {
        // The answer goes on; only mention-less replies in this thread will not be questions.
        logger.warn('answered thread not recorded', { error: error as Error });
      });
  }

  /** The conversation a thread continues, when CentralOps answered there before (an /ops thread's is its command's). */
  async function conversationThread(ref: ThreadRef): Promise<string | undefined> {
    return deps.threads?.find(ref).catch((error: unknown) => {
      logger.warn('answered thread not read', { error: error as Error });
      return undefined;
    });
  }

  async function run(work: SlackWork): Promise<void> {
    if (work.kind === 'agent_pane') {
      await offerSuggestedPrompts(client, work);
      return;
    }
    const [workspaceId, deliveryId, answer] =
      work.kind === 'action'
        ? [work.action.workspaceId, work.action.deliveryId, () => runAction(work.action)]
        : [work.event.workspaceId, work.event.eventId, () => answerQuestion(work.event)];
    const key = dedupeKey(workspaceId, deliveryId);
    if (!deps.dedupe) await answer();
    else if (!(await onceOrAnyway(deps.dedupe, key, answer, logger))) {
      logger.info('duplicate worker delivery dropped', { deliveryId });
    }
  }

  async function runAction(tapped: ChatAction): Promise<void> {
    if (!deps.actions) {
      logger.warn('button tap dropped: no action pipeline', { deliveryId: tapped.deliveryId });
      return;
    }
    const conversationThreadId = await conversationThread({
      platform: tapped.platform,
      workspaceId: tapped.conversationWorkspaceId ?? tapped.workspaceId,
      channelId: tapped.channelId,
      threadId: tapped.threadId,
    });
    const action = conversationThreadId ? { ...tapped, conversationThreadId } : tapped;
    await deps.actions.run(action, actionReplies(action));
  }

  /** Where a tap answers: its message edited in place, its thread, or the tapper alone. */
  function actionReplies(action: ChatAction): ActionReplies {
    const responseUrl = action.platformContext[SLACK_CONTEXT.responseUrl];
    const ephemeral = (replaceOriginal: boolean) =>
      new SlackEphemeral({
        client,
        logger,
        channel: action.channelId,
        user: action.userId,
        team: action.workspaceId,
        threadTs: action.threadId,
        ...(responseUrl ? { responseUrl, replaceOriginal } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    const notifier = ephemeral(false);
    const inThread = (replaceTs?: string): ReplyStream =>
      new SlackReplyStream({
        client,
        logger,
        intervalMs: deps.streamIntervalMs,
        maxMessageChars: deps.maxMessageChars,
        target: {
          channel: action.channelId,
          threadTs: async () => action.threadId,
          recipientUserId: action.userId,
          recipientTeamId: action.workspaceId,
          assistantThread: action.platformContext[SLACK_CONTEXT.channelType] === 'im',
          ...(replaceTs ? { replaceTs } : {}),
        },
      });
    const privately = (replaceOriginal: boolean) =>
      new PrivateReplyStream({ notifier: ephemeral(replaceOriginal), maxChars: deps.maxMessageChars });
    return {
      notifier,
      // An ephemeral note has no ts to edit: its response_url replaces it.
      replaceMessage: () =>
        action.private ? privately(responseUrl !== undefined) : inThread(action.messageId),
      inThread: () => (action.private ? privately(false) : inThread()),
      attach: async (filename, content) => {
        await client.filesUploadV2({
          channel_id: action.channelId,
          thread_ts: action.threadId,
          filename,
          title: filename,
          content,
        });
      },
    };
  }

  async function answerQuestion(asked: ChatEvent): Promise<void> {
    // A question in a thread CentralOps answered continues that thread's conversation.
    const known =
      asked.surface === 'command' || asked.conversationThreadId
        ? undefined
        : await conversationThread({
            platform: asked.platform,
            workspaceId: asked.conversationWorkspaceId ?? asked.workspaceId,
            channelId: asked.channelId,
            threadId: asked.threadId,
          });
    const event = known ? { ...asked, conversationThreadId: known } : asked;
    const notifier = new SlackEphemeral({
      client,
      logger,
      channel: event.channelId,
      user: event.userId,
      team: event.workspaceId,
      ...(event.surface === 'command' ? {} : { threadTs: event.threadId }),
      ...(event.platformContext[SLACK_CONTEXT.responseUrl]
        ? { responseUrl: event.platformContext[SLACK_CONTEXT.responseUrl] }
        : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    await pipeline.run(event, replyFor(event, notifier), notifier);
  }

  // Never throws: Lambda would retry an asynchronous invocation that failed, and answer twice.
  return async (work) => {
    try {
      await run(work);
    } catch (error) {
      logger.error('slack work failed', { error: error as Error, kind: work.kind });
    }
  };
}

/** "`/ops prod s3` asked by @user": the channel sees what was asked; the answer goes in its thread. */
async function postCommandRoot(
  client: WebClient,
  channel: string,
  commandLine: string,
  user: string,
): Promise<string> {
  const result = await client.chat.postMessage({ channel, text: `\`${commandLine}\` asked by <@${user}>` });
  if (!result.ts) throw new SlackAdapterError('chat.postMessage returned no ts');
  return result.ts;
}
