/**
 * The Teams worker's logic: continues the stored conversation and runs the shared pipeline with
 * the Teams ReplyStream and PrivateNotifier, or a card button's tap through the action pipeline
 * (its Lambda entry point is worker.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { ActionPipeline } from '../core/action-pipeline.ts';
import { dedupeKey, onceOrAnyway } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { DedupePort } from '../core/ports.ts';
import { TeamsPrivateNotifier } from './private-notifier.ts';
import { markdownMessages } from './render.ts';
import { createTeamsReplyStream, type TeamsReplyOptions } from './reply-stream.ts';
import type { RetryOptions } from './retry.ts';
import { TeamsSender } from './sender.ts';
import type { TeamsActionWork, TeamsTurnWork, TeamsWorkItem } from './work.ts';

export interface TeamsWorkerDeps {
  readonly adapter: CloudAdapter;
  /** The bot's app id (empty when running unauthenticated locally). @default '' */
  readonly appId?: string;
  readonly pipeline: Pipeline;
  /** Runs card button taps; without it a tap is logged and dropped. */
  readonly actions?: ActionPipeline;
  /** @default createBotLogger('centralops-teams') */
  readonly logger?: Logger;
  /** Pacing and stream budget of replies. */
  readonly reply?: Omit<TeamsReplyOptions, 'logger'>;
  /** Back-off of connector calls. */
  readonly retry?: RetryOptions;
  /**
   * Drops a turn delivered twice to the worker (Lambda's asynchronous invocations are
   * at-least-once); when it cannot be written the turn is answered all the same.
   * @default none: every delivery runs
   */
  readonly dedupe?: DedupePort;
}

export type TeamsWorker = (work: TeamsWorkItem) => Promise<void>;

export function createTeamsWorker(deps: TeamsWorkerDeps): TeamsWorker {
  const logger = deps.logger ?? createBotLogger('centralops-teams');
  return async (work) => {
    const [workspaceId, deliveryId, answer] =
      work.kind === 'teams.action'
        ? [work.action.workspaceId, work.action.deliveryId, () => runAction(work)]
        : [work.event.workspaceId, work.event.eventId, () => answerTurn(work)];
    const key = dedupeKey(workspaceId, deliveryId);
    if (!deps.dedupe) await answer();
    else if (!(await onceOrAnyway(deps.dedupe, key, answer, logger))) {
      logger.info('duplicate worker delivery dropped', { deliveryId });
    }
  };

  async function runAction(work: TeamsActionWork): Promise<void> {
    const { actions } = deps;
    if (!actions) {
      logger.warn('card action dropped: no action pipeline', { deliveryId: work.action.deliveryId });
      return;
    }
    try {
      await deps.adapter.continueConversationAsync(
        deps.appId ?? '',
        work.reference as ConversationReference,
        async (context) => {
          const sender = new TeamsSender(context, work.reference, deps.retry);
          const reply = (replaceActivityId?: string) =>
            createTeamsReplyStream(sender, {
              ...deps.reply,
              logger,
              ...(replaceActivityId ? { replaceActivityId } : {}),
            });
          await actions.run(work.action, {
            notifier: new TeamsPrivateNotifier(sender, logger),
            replaceMessage: () => reply(work.action.messageId),
            inThread: () => reply(),
            // A bot cannot share a file in a Teams channel without Graph: the text comes in messages.
            attach: async (filename, content) => {
              for (const part of markdownMessages(`**${filename}**\n\n${content}`)) {
                await sender.send({ type: 'message', text: part, textFormat: 'markdown' });
              }
            },
          });
        },
      );
    } catch (error) {
      logger.error('Teams action failed', { error: error as Error, deliveryId: work.action.deliveryId });
    }
  }

  async function answerTurn(work: TeamsTurnWork): Promise<void> {
    const reference = work.reference as ConversationReference;
    try {
      await deps.adapter.continueConversationAsync(deps.appId ?? '', reference, async (context) => {
        const sender = new TeamsSender(context, work.reference, deps.retry);
        const notifier = new TeamsPrivateNotifier(sender, logger);
        let target = sender;
        if (work.event.private && !sender.isPersonal) {
          // `… private` from a channel: the whole answer goes to the asker's 1:1 chat.
          const personal = await notifier.reachablePersonalChat();
          if (!personal) return;
          target = new TeamsSender(context, personal, deps.retry);
        }
        const reply = createTeamsReplyStream(target, { ...deps.reply, logger });
        await deps.pipeline.run(work.event, reply, notifier);
      });
    } catch (error) {
      // Nothing to retry into: the pipeline already told the user; keep the details in the log.
      logger.error('Teams turn failed', { error: error as Error, eventId: work.event.eventId });
    }
  }
}
