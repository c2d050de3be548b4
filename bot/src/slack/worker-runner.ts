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
import type { ActionReplies, ChatAction } from '../core/chat-action.ts';
import type { ChatEvent } from '../core/chat-event.ts';
import { dedupeKey, onceOrAnyway } from '../core/dedupe.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { DedupePort } from '../core/ports.ts';
import { PrivateReplyStream } from '../core/private-reply.ts';
import type { ReplyStream } from '../core/reply-stream.ts';
import { offerSuggestedPrompts } from './agent-pane.ts';
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
}

export type SlackWorker = (work: SlackWork) => Promise<void>;

export function createSlackWorker(deps: SlackWorkerDeps): SlackWorker {
  const { pipeline, client, logger } = deps;

  function replyFor(event: ChatEvent, notifier: SlackEphemeral): ReplyStream {
    if (event.private) return new PrivateReplyStream({ notifier, maxChars: deps.maxMessageChars });
    const commandLine = event.platformContext[SLACK_CONTEXT.commandLine];
    return new SlackReplyStream({
      client,
      logger,
      intervalMs: deps.streamIntervalMs,
      maxMessageChars: deps.maxMessageChars,
      target: {
        channel: event.channelId,
        threadTs:
          event.surface === 'command'
            ? () => postCommandRoot(client, event.channelId, commandLine ?? '/ops', event.userId)
            : async () => event.threadId,
        recipientUserId: event.userId,
        recipientTeamId: event.workspaceId,
        assistantThread: event.platformContext[SLACK_CONTEXT.channelType] === 'im',
      },
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

  async function runAction(action: ChatAction): Promise<void> {
    if (!deps.actions) {
      logger.warn('button tap dropped: no action pipeline', { deliveryId: action.deliveryId });
      return;
    }
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
    };
  }

  async function answerQuestion(event: ChatEvent): Promise<void> {
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
