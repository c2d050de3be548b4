/**
 * The shared bot pipeline, the same for Slack and Teams once an adapter has verified, acked and
 * deduped a request: identity commands, identity resolution, the agent call as the user, and the
 * answer streamed into the platform's ReplyStream. Every failure becomes one short message in the
 * thread (never silence) and the full error goes to the structured log.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { messageOf } from '#common/errors.ts';
import type { AgentRequest, Conversation } from '#contracts/agent-events.ts';
import type { FailedPart } from '#contracts/audit.ts';
import { identityVerbOf } from '#contracts/ops-command.ts';
import type { AnswerModel } from './answer.ts';
import { AnswerReply } from './answer-reply.ts';
import type { ChatButton } from './chat-action.ts';
import type { ChatEvent } from './chat-event.ts';
import { AgentBadAnswerError, AgentRuntimeError, AgentTimeoutError } from './errors.ts';
import { createBotLogger } from './logger.ts';
import { BOT_MESSAGES } from './messages.ts';
import type { AgentRuntimePort, IdentityPort, IdentityResolution, LinkContextLookup } from './ports.ts';
import { PrivateReplyStream } from './private-reply.ts';
import {
  askedQuestion,
  type QuestionEnd,
  type QuestionObservers,
  QuestionRecord,
} from './question-record.ts';
import type { PrivateNotifier, ReplyStream } from './reply-stream.ts';

/** The agent's request schema caps the prompt (contracts/agent-events.ts). */
const MAX_PROMPT_CHARS = 4_000;

/** The private note sent to an unlinked (or disabled) user instead of an answer. */
export function linkPrompt(resolution: Extract<IdentityResolution, { linkUrl: string }>): string {
  const why =
    resolution.status === 'disabled'
      ? resolution.reason
      : 'Your chat account is not linked to CentralOps yet.';
  return `${why} [Link your account](${resolution.linkUrl}), then ask again. The link is yours alone and works once.`;
}

export interface PipelineDeps {
  readonly identity: IdentityPort;
  readonly agent: AgentRuntimePort;
  /** @default createBotLogger('centralops-bot') */
  readonly logger?: Logger;
  /** Budget for one agent turn, end to end. @default 240_000 */
  readonly timeoutMs?: number;
  /** The buttons under a finished answer, and what they keep of it. @default none */
  readonly answerButtons?: AnswerButtons;
  /** Each question's metrics and, for the questions the agent does not record, its audit record. @default none */
  readonly observers?: QuestionObservers;
}

/** The buttons of a finished, public answer given in `conversation` (bot/src/actions/answer-buttons.ts). */
export type AnswerButtons = (model: AnswerModel, conversation: Conversation) => Promise<ChatButton[]>;

export interface Pipeline {
  run(event: ChatEvent, reply: ReplyStream, notifier: PrivateNotifier): Promise<void>;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const logger = deps.logger ?? createBotLogger('centralops-bot');
  const timeoutMs = deps.timeoutMs ?? 240_000;

  async function answer(
    event: ChatEvent,
    runtimeUserId: string,
    reply: ReplyStream,
    question: QuestionRecord,
  ): Promise<void> {
    const request: AgentRequest = {
      prompt: event.text,
      ...(event.surface === 'command' ? { command: { name: 'ops', text: event.text } } : {}),
      conversation: conversationOf(event),
      question: {
        id: question.id,
        chatUserId: event.userId,
        receivedAt: question.receivedAt,
        ...(event.action ? { action: event.action } : {}),
      },
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AgentTimeoutError(timeoutMs)), timeoutMs);
    try {
      const events = deps.agent.invoke(request, runtimeUserId, controller.signal, question.trace);
      for await (const agentEvent of events) {
        if (controller.signal.aborted) break;
        await delivering(() => reply.push(agentEvent));
        question.shown(agentEvent);
      }
      if (controller.signal.aborted) throw controller.signal.reason;
      // Every turn ends with `final`: a stream that stops short is a partial answer, and says so.
      if (!question.finished) {
        logger.warn('agent stream ended without its final event', { eventId: event.eventId });
        await reply.push({
          type: 'error',
          code: 'answer incomplete',
          message: BOT_MESSAGES.answerIncomplete,
        });
      }
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function buttonsFor(model: AnswerModel, event: ChatEvent): Promise<ChatButton[]> {
    if (!deps.answerButtons) return [];
    try {
      return await deps.answerButtons(model, conversationOf(event));
    } catch (error) {
      // The answer stands without its buttons.
      logger.warn('answer buttons not made', { eventId: event.eventId, error: error as Error });
      return [];
    }
  }

  return {
    async run(event, reply, notifier) {
      const question = new QuestionRecord(askedQuestion(event), deps.observers ?? {});
      const context = {
        platform: event.platform,
        eventId: event.eventId,
        workspaceId: event.workspaceId,
        userId: event.userId,
        channelId: event.channelId,
        surface: event.surface,
      };
      const linkContext: LinkContextLookup = async () => {
        const [confirmationAddress, profile] = await Promise.all([
          notifier.confirmationAddress?.(),
          notifier.chatProfile?.().catch((error: unknown) => {
            // The link still works; its page names the chat user by id only, and no email is compared.
            logger.warn('chat profile not available', { ...context, error: error as Error });
            return undefined;
          }),
        ]);
        return { ...(confirmationAddress ? { confirmationAddress } : {}), ...(profile ? { profile } : {}) };
      };
      try {
        const verb = identityVerbOf(event.text);
        if (verb) {
          await notifier.notify(await deps.identity.handleCommand(event, verb, linkContext));
          question.end({ kind: 'bot', verb });
          return;
        }
        const resolution = await deps.identity.resolve(event, linkContext);
        if (resolution.status === 'workspace_refused') {
          logger.warn('workspace refused', context);
          await notifier.notify(BOT_MESSAGES.workspaceRefused);
          question.end({ kind: 'refused', reason: 'workspace' });
          return;
        }
        if (resolution.status !== 'linked') {
          logger.info('identity not linked', { ...context, status: resolution.status });
          await notifier.notify(linkPrompt(resolution));
          question.end({ kind: 'refused', reason: 'identity' });
          return;
        }
        question.identified(resolution.cognitoUsername, resolution.cognitoSub);
        if (event.text.length > MAX_PROMPT_CHARS) {
          await reply.fail(BOT_MESSAGES.questionTooLong);
          await reply.close();
          question.end({ kind: 'refused', reason: 'input' });
          return;
        }
        logger.info('asking the agent', {
          ...context,
          cognitoUsername: resolution.cognitoUsername,
          questionId: question.id,
        });
        // Help, usage and refusals go to the asker alone, as the agent marks them.
        const answerReply = new AnswerReply(reply, () => new PrivateReplyStream({ notifier }));
        await answer(event, resolution.cognitoSub, answerReply, question);
        const buttons = answerReply.isPrivate ? [] : await buttonsFor(answerReply.model, event);
        await delivering(() => answerReply.close(buttons));
        question.end(
          question.finished
            ? { kind: 'agent' }
            : {
                kind: 'failed',
                part: 'runtime',
                code: 'incomplete',
                message: 'the answer ended without its final event',
              },
        );
      } catch (error) {
        logger.error('turn failed', { ...context, questionId: question.id, error: error as Error });
        question.end(failed(error));
        await failQuietly(reply, userMessage(error), logger);
      }
    },
  };
}

/** The conversation a question belongs to: its thread's conversation key (an `/ops` thread keeps its command's). */
function conversationOf(event: ChatEvent): Conversation {
  return {
    platform: event.platform,
    workspace: event.conversationWorkspaceId ?? event.workspaceId,
    channel: event.channelId,
    thread: event.conversationThreadId ?? event.threadId,
  };
}

/** A failure in the chat platform's API, while the answer was being delivered. */
class DeliveryError extends Error {}

/** Runs a reply call; a failure in it is the chat platform's. */
async function delivering<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new DeliveryError(messageOf(error), { cause: error });
  }
}

/** How a question or a tap that threw ended: which part failed, its code and message. */
export function failed(error: unknown): Extract<QuestionEnd, { kind: 'failed' }> {
  const message = messageOf(error);
  if (error instanceof AgentTimeoutError)
    return { kind: 'failed', part: 'runtime', code: 'timeout', message };
  if (error instanceof AgentBadAnswerError)
    return { kind: 'failed', part: 'runtime', code: 'bad_answer', message };
  if (error instanceof AgentRuntimeError)
    return { kind: 'failed', part: 'runtime', code: 'unreachable', message };
  if (error instanceof DeliveryError) return { kind: 'failed', part: 'chat', code: 'delivery', message };
  const part: FailedPart = 'bot';
  return { kind: 'failed', part, code: error instanceof Error ? error.name : 'internal', message };
}

/** The short text for a failure: the kind of failure (as the AgentRuntimePort reports it), never its internals. */
export function userMessage(error: unknown): string {
  if (error instanceof AgentTimeoutError) return BOT_MESSAGES.agentTimeout;
  if (error instanceof AgentBadAnswerError) return BOT_MESSAGES.agentBadAnswer;
  if (error instanceof AgentRuntimeError) return BOT_MESSAGES.agentUnreachable;
  return BOT_MESSAGES.internal;
}

async function failQuietly(reply: ReplyStream, message: string, logger: Logger): Promise<void> {
  try {
    await reply.fail(message);
    await reply.close();
  } catch (error) {
    // The chat platform itself is failing: nothing left to tell the user through it.
    logger.error('cannot deliver the failure message', { error: error as Error });
  }
}
