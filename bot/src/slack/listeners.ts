/**
 * The Bolt listeners of the ack path, shared by the Lambda receiver and Socket Mode: refuse other
 * workspaces, drop duplicates (Slack retries and replays carry the same event id), hand the work
 * to the worker and return. Nothing slow runs here: Slack wants its ack within 3 s.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { DedupePort } from '../core/ports.ts';
import type { WorkDispatcher } from '../core/work-dispatcher.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import { commandQuestion, type MentionPayload, messageQuestion, SLASH_COMMAND } from './inbound.ts';
import type { SlackWork } from './work.ts';

export const ACK_MESSAGES = {
  workspaceRefused: 'CentralOps is not enabled for this workspace.',
  dispatchFailed: 'CentralOps could not start on this request. Please try again.',
} as const;

export interface SlackListenerDeps {
  readonly allowList: WorkspaceAllowList;
  readonly dedupe: DedupePort;
  readonly dispatcher: WorkDispatcher<SlackWork>;
  readonly logger: Logger;
}

export function registerSlackListeners(app: App, deps: SlackListenerDeps): void {
  const { allowList, dedupe, dispatcher, logger } = deps;

  /** Claims the delivery and dispatches it once; a repeat is acknowledged and dropped. */
  async function handOff(teamId: string, deliveryId: string, work: SlackWork | undefined, retryNum?: number) {
    if (!work) return;
    if (!(await dedupe.claim(`slack#${teamId}#${deliveryId}`))) {
      logger.info('duplicate delivery dropped', { teamId, deliveryId, retryNum });
      return;
    }
    await dispatcher.dispatch(work);
  }

  app.use(async (args) => {
    const teamId = teamOf(args);
    if (teamId && allowList.allows('slack', teamId)) {
      await args.next();
      return;
    }
    logger.warn('workspace refused', { teamId });
    if ('command' in args && 'ack' in args) await args.ack({ response_type: 'ephemeral', text: ACK_MESSAGES.workspaceRefused });
  });

  app.event('app_mention', async ({ body, context }) => {
    const payload = body as unknown as MentionPayload;
    await handOff(payload.team_id, payload.event_id, messageQuestion(payload, 'mention'), context.retryNum);
  });

  app.event('message', async ({ body, event, context }) => {
    // Only people's DMs: never the bot's own messages, edits, joins and other subtypes.
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
    const payload = body as unknown as MentionPayload;
    await handOff(payload.team_id, payload.event_id, messageQuestion(payload, 'direct'), context.retryNum);
  });

  app.event('app_home_opened', async ({ body, event, context }) => {
    if (event.tab !== 'messages') return;
    const work: SlackWork = { kind: 'agent_pane', teamId: body.team_id, userId: event.user, channelId: event.channel };
    await handOff(body.team_id, body.event_id, work, context.retryNum);
  });

  app.event('app_context_changed', async ({ body, event, context }) => {
    const viewed = event.context.entities?.find((entity) => entity.type === 'slack#/types/channel_id');
    const work: SlackWork = {
      kind: 'agent_pane',
      teamId: body.team_id,
      userId: event.user,
      channelId: event.channel,
      ...(typeof viewed?.value === 'string' ? { viewedChannelId: viewed.value } : {}),
    };
    await handOff(body.team_id, body.event_id, work, context.retryNum);
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    try {
      await handOff(command.team_id, `command#${command.trigger_id}`, commandQuestion(command));
    } catch (error) {
      logger.error('cannot hand the command to the worker', { error: error as Error });
      await ack({ response_type: 'ephemeral', text: ACK_MESSAGES.dispatchFailed });
      return;
    }
    await ack();
  });
}

function teamOf(args: AnyMiddlewareArgs): string | undefined {
  const body = args.body as { team_id?: string; team?: { id?: string } | null };
  return body.team_id ?? body.team?.id ?? undefined;
}
