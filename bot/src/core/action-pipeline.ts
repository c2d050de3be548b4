/**
 * The shared pipeline of a tap, the same for Slack and Teams once an adapter has verified, acked
 * and deduped it: the action it names (the registry), its value read by that action's schema, the
 * tapper's own link, what they may read here now (groups, the channel's policy), then the action,
 * as them. A tap that fails any step runs nothing and gets one short private note; the reason goes
 * to the structured log.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AgentRequest } from '#contracts/agent-events.ts';
import type { ActionQuestion, ActionRegistry, ActionReplies, ActionTurn, ChatAction } from './chat-action.ts';
import { createBotLogger } from './logger.ts';
import { BOT_MESSAGES } from './messages.ts';
import { askAgent, failQuietly, linkPrompt, userMessage } from './pipeline.ts';
import type { AccessPort, AgentRuntimePort, IdentityPort } from './ports.ts';
import type { ReplyStream } from './reply-stream.ts';

export interface ActionPipelineDeps {
  readonly actions: ActionRegistry;
  readonly identity: IdentityPort;
  readonly access: AccessPort;
  readonly agent: AgentRuntimePort;
  /** @default createBotLogger('centralops-bot') */
  readonly logger?: Logger;
  /** Budget of one agent turn an action asks for. @default 240_000 */
  readonly timeoutMs?: number;
}

export interface ActionPipeline {
  run(action: ChatAction, replies: ActionReplies): Promise<void>;
}

export function createActionPipeline(deps: ActionPipelineDeps): ActionPipeline {
  const logger = deps.logger ?? createBotLogger('centralops-bot');
  const timeoutMs = deps.timeoutMs ?? 240_000;

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
      try {
        const definition = deps.actions.get(action.name);
        if (!definition) {
          logger.warn('tap on an unknown action', context);
          await notifier.notify(BOT_MESSAGES.actionUnknown);
          return;
        }
        const args = definition.parse(action.value);
        if (args === undefined) {
          logger.warn('tap with a malformed value refused', { ...context, valueChars: action.value.length });
          await notifier.notify(BOT_MESSAGES.actionMalformed);
          return;
        }
        const resolution = await deps.identity.resolve(action);
        if (resolution.status === 'workspace_refused') {
          logger.warn('workspace refused', context);
          await notifier.notify(BOT_MESSAGES.workspaceRefused);
          return;
        }
        if (resolution.status !== 'linked') {
          logger.info('tapper not linked', { ...context, status: resolution.status });
          await notifier.notify(linkPrompt(resolution));
          return;
        }
        const access = await deps.access.read(resolution.cognitoSub, {
          platform: action.platform,
          workspaceId: action.conversationWorkspaceId ?? action.workspaceId,
          channelId: action.channelId,
        });
        if (!access) {
          logger.warn('tapper disabled or gone from the directory', context);
          await notifier.notify(BOT_MESSAGES.actionUserDisabled);
          return;
        }
        const turn: ActionTurn = {
          action,
          user: { cognitoUsername: resolution.cognitoUsername, cognitoSub: resolution.cognitoSub },
          access,
          replies,
          logger,
          ask: (question, reply) => ask(action, question, resolution.cognitoSub, reply),
        };
        logger.info('running an action', { ...context, cognitoUsername: resolution.cognitoUsername });
        await definition.run(args, turn);
      } catch (error) {
        logger.error('action failed', { ...context, error: error as Error });
        await notifier.notify(`⚠️ ${userMessage(error)}`).catch((notifyError: unknown) => {
          logger.error('cannot deliver the failure note', { error: notifyError as Error });
        });
      }
    },
  };

  async function ask(
    action: ChatAction,
    question: ActionQuestion,
    runtimeUserId: string,
    reply: ReplyStream,
  ): Promise<void> {
    const request: AgentRequest = {
      prompt: question.prompt,
      ...(question.command ? { command: { name: 'ops', text: question.prompt } } : {}),
      conversation: {
        platform: action.platform,
        workspace: action.conversationWorkspaceId ?? action.workspaceId,
        channel: action.channelId,
        thread: action.threadId,
      },
    };
    try {
      await askAgent({
        agent: deps.agent,
        request,
        runtimeUserId,
        reply,
        timeoutMs,
        logger,
        eventId: action.deliveryId,
      });
      await reply.close();
    } catch (error) {
      logger.error('action turn failed', { deliveryId: action.deliveryId, error: error as Error });
      await failQuietly(reply, userMessage(error), logger);
    }
  }
}
