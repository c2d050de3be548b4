/**
 * The shared pipeline of a tap, the same for Slack and Teams once an adapter has verified, acked
 * and deduped it: the action it names (the registry), its value read by that action's schema, the
 * tapper's own link, what they may read here now (groups, the channel's policy), then the action,
 * as them. A tap that fails any step runs nothing and gets one short private note; the reason goes
 * to the structured log. A question an action asks again runs through the question pipeline, as
 * the tapper.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ChannelMutes } from './channel-mutes.ts';
import type { ActionQuestion, ActionRegistry, ActionReplies, ActionTurn, ChatAction } from './chat-action.ts';
import type { ChatEvent } from './chat-event.ts';
import type { KeptAnswers } from './kept-answers.ts';
import { createBotLogger } from './logger.ts';
import { BOT_MESSAGES } from './messages.ts';
import { failed, linkPrompt, type Pipeline, userMessage } from './pipeline.ts';
import type { AccessPort, IdentityPort } from './ports.ts';
import { type QuestionObservers, QuestionRecord, tappedAction } from './question-record.ts';

export interface ActionPipelineDeps {
  readonly actions: ActionRegistry;
  readonly identity: IdentityPort;
  readonly access: AccessPort;
  /** Runs what an action asks again (`turn.ask`). */
  readonly questions: Pipeline;
  /** Answers kept for Show more and Details. @default none */
  readonly keptAnswers?: KeptAnswers;
  /** Where Mute 1h writes (the state table the alert poster reads). */
  readonly channelMutes: ChannelMutes;
  /** @default createBotLogger('centralops-bot') */
  readonly logger?: Logger;
  /**
   * Each tap's metrics and audit record, for a tap the bot stops or answers itself; a tap that asks
   * again is recorded as the question it asks (under the tap's id). @default none
   */
  readonly observers?: QuestionObservers;
}

export interface ActionPipeline {
  run(action: ChatAction, replies: ActionReplies): Promise<void>;
}

/**
 * The tap as the question its tapper would have asked where they tapped: the tapper, the channel
 * and the thread of the tapped message, the words of `question`.
 */
export function tapQuestion(action: ChatAction, question: ActionQuestion, ordinal = 1): ChatEvent {
  return {
    platform: action.platform,
    // Each question a tap asks is a question of its own (its record, its id): the first under the
    // tap's delivery, the next ones numbered after it (Investigate asks several).
    eventId: ordinal === 1 ? action.deliveryId : `${action.deliveryId}#${ordinal}`,
    workspaceId: action.workspaceId,
    ...(action.conversationWorkspaceId ? { conversationWorkspaceId: action.conversationWorkspaceId } : {}),
    userId: action.userId,
    channelId: action.channelId,
    threadId: action.threadId,
    ...(action.conversationThreadId ? { conversationThreadId: action.conversationThreadId } : {}),
    surface: question.command ? 'command' : 'mention',
    text: question.prompt,
    action: action.name,
    private: action.private,
    platformContext: action.platformContext,
  };
}

export function createActionPipeline(deps: ActionPipelineDeps): ActionPipeline {
  const logger = deps.logger ?? createBotLogger('centralops-bot');

  return {
    async run(action, replies) {
      const context = {
        platform: action.platform,
        deliveryId: action.deliveryId,
        workspaceId: action.workspaceId,
        userId: action.userId,
        channelId: action.channelId,
        action: action.name,
      };
      const { notifier } = replies;
      const tap = new QuestionRecord(tappedAction(action), deps.observers ?? {});
      try {
        const definition = deps.actions.get(action.name);
        if (!definition) {
          logger.warn('tap on an unknown action', context);
          await notifier.notify(BOT_MESSAGES.actionUnknown);
          tap.end({ kind: 'refused', reason: 'input' });
          return;
        }
        const args = definition.parse(action.value);
        if (args === undefined) {
          logger.warn('tap with a malformed value refused', { ...context, valueChars: action.value.length });
          await notifier.notify(BOT_MESSAGES.actionMalformed);
          tap.end({ kind: 'refused', reason: 'input' });
          return;
        }
        const resolution = await deps.identity.resolve(action);
        if (resolution.status === 'workspace_refused') {
          logger.warn('workspace refused', context);
          await notifier.notify(BOT_MESSAGES.workspaceRefused);
          tap.end({ kind: 'refused', reason: 'workspace' });
          return;
        }
        if (resolution.status !== 'linked') {
          logger.info('tapper not linked', { ...context, status: resolution.status });
          await notifier.notify(linkPrompt(resolution));
          tap.end({ kind: 'refused', reason: 'identity' });
          return;
        }
        tap.identified(resolution.cognitoUsername, resolution.cognitoSub);
        const access = await deps.access.read(resolution.cognitoSub, {
          platform: action.platform,
          workspaceId: action.conversationWorkspaceId ?? action.workspaceId,
          channelId: action.channelId,
        });
        if (!access) {
          logger.warn('tapper disabled or gone from the directory', context);
          await notifier.notify(BOT_MESSAGES.actionUserDisabled);
          tap.end({ kind: 'refused', reason: 'identity' });
          return;
        }
        let asks = 0;
        const turn: ActionTurn = {
          action,
          user: { cognitoUsername: resolution.cognitoUsername, cognitoSub: resolution.cognitoSub },
          access,
          replies,
          logger,
          ...(deps.keptAnswers ? { keptAnswers: deps.keptAnswers } : {}),
          channelMutes: deps.channelMutes,
          ask: (question, reply) => {
            asks += 1;
            return deps.questions.run(tapQuestion(action, question, asks), reply, notifier);
          },
        };
        logger.info('running an action', {
          ...context,
          cognitoUsername: resolution.cognitoUsername,
          questionId: tap.id,
        });
        await definition.run(args, turn);
        // A tap that asked again is recorded (and measured) as the question it asked.
        if (asks === 0) tap.end({ kind: 'bot', verb: 'action' });
      } catch (error) {
        logger.error('action failed', { ...context, error: error as Error });
        tap.end(failed(error));
        await notifier.notify(`⚠️ ${userMessage(error)}`).catch((notifyError: unknown) => {
          logger.error('cannot deliver the failure note', { error: notifyError as Error });
        });
      }
    },
  };
}
