/**
 * What the ack path does with a verified request, behind Bolt's receivers (AwsLambdaReceiver on
 * Lambda, SocketModeReceiver locally): refuse other workspaces, drop duplicates (Slack retries
 * and replays carry the same event id), hand the work to the worker and ack. Nothing slow runs
 * here: Slack wants its ack within 3 s.
 *
 * It plays the part of Bolt's App for the receivers, which only ever call `processEvent`: the App
 * itself loads Bolt's HTTP and Socket Mode stacks, which would more than double the ack Lambda's
 * cold start for routing five payload kinds.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ReceiverEvent } from '@slack/bolt';
import { BOT_MESSAGES } from '../core/messages.ts';
import type { DedupePort } from '../core/ports.ts';
import { dispatchOnce, type WorkDispatcher } from '../core/work-dispatcher.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import {
  commandQuestion,
  type MentionPayload,
  messageQuestion,
  SLASH_COMMAND,
  type SlashCommandPayload,
} from './inbound.ts';
import type { SlackWork } from './work.ts';

export interface SlackAckRouterOptions {
  readonly allowList: WorkspaceAllowList;
  readonly dedupe: DedupePort;
  readonly dispatcher: WorkDispatcher<SlackWork>;
  readonly logger: Logger;
}

interface EventCallback {
  readonly type: 'event_callback';
  readonly team_id: string;
  readonly event_id: string;
  readonly event: { readonly type: string } & Record<string, unknown>;
}

export class SlackAckRouter {
  readonly #options: SlackAckRouterOptions;

  constructor(options: SlackAckRouterOptions) {
    this.#options = options;
  }

  /** Called by the receiver once the request is verified; the receiver answers with what `ack` got. */
  async processEvent(received: ReceiverEvent): Promise<void> {
    const body = received.body;
    if (body.type === 'event_callback') {
      // Events carry no reply: ack first, as Bolt does, so a slow hand-off never reads as a timeout.
      await received.ack();
      await this.#event(body as EventCallback, received.retryNum);
      return;
    }
    if (typeof body.command === 'string') {
      await this.#command(body as unknown as SlashCommandPayload, received);
      return;
    }
    await received.ack();
  }

  async #event(body: EventCallback, retryNum: number | undefined): Promise<void> {
    if (!this.#allowed(body.team_id)) return;
    const { event } = body;
    const work = workOfEvent(body);
    if (!work) return;
    await this.#handOff(body.team_id, body.event_id, work, retryNum, event.type);
  }

  async #command(payload: SlashCommandPayload, received: ReceiverEvent): Promise<void> {
    if (!this.#allowed(payload.team_id)) {
      await received.ack({ response_type: 'ephemeral', text: BOT_MESSAGES.workspaceRefused });
      return;
    }
    if (payload.command !== SLASH_COMMAND) {
      await received.ack();
      return;
    }
    try {
      await this.#handOff(
        payload.team_id,
        `command#${payload.trigger_id}`,
        commandQuestion(payload),
        undefined,
        'command',
      );
    } catch (error) {
      this.#options.logger.error('cannot hand the command to the worker', { error: error as Error });
      await received.ack({ response_type: 'ephemeral', text: BOT_MESSAGES.dispatchFailed });
      return;
    }
    await received.ack();
  }

  #allowed(teamId: string | undefined): boolean {
    if (teamId && this.#options.allowList.allows('slack', teamId)) return true;
    this.#options.logger.warn('workspace refused', { teamId });
    return false;
  }

  /** Dispatches the delivery once; a repeat is acknowledged and dropped (see dispatchOnce). */
  async #handOff(
    teamId: string,
    deliveryId: string,
    work: SlackWork,
    retryNum: number | undefined,
    kind: string,
  ) {
    const { dedupe, dispatcher, logger } = this.#options;
    if (!(await dispatchOnce(dedupe, dispatcher, `slack#${teamId}#${deliveryId}`, work))) {
      logger.info('duplicate delivery dropped', { teamId, deliveryId, retryNum, kind });
    }
  }
}

/** The work an Events API payload asks for, or undefined for events the app does not act on. */
export function workOfEvent(body: EventCallback): SlackWork | undefined {
  const event = body.event as Record<string, unknown> & { type: string };
  switch (event.type) {
    case 'app_mention':
      return messageQuestion(body as unknown as MentionPayload, 'mention');
    case 'message':
      // Only people's DMs: never the bot's own messages, edits, joins and other subtypes.
      if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id !== undefined)
        return undefined;
      return messageQuestion(body as unknown as MentionPayload, 'direct');
    case 'app_home_opened':
      return event.tab === 'messages' ? agentPane(body.team_id, event) : undefined;
    case 'app_context_changed': {
      const entities = (event.context as { entities?: { type: string; value: unknown }[] } | undefined)
        ?.entities;
      const viewed = entities?.find((entity) => entity.type === 'slack#/types/channel_id')?.value;
      return agentPane(body.team_id, event, typeof viewed === 'string' ? viewed : undefined);
    }
    default:
      return undefined;
  }
}

function agentPane(
  teamId: string,
  event: Record<string, unknown>,
  viewedChannelId?: string,
): SlackWork | undefined {
  if (typeof event.user !== 'string' || typeof event.channel !== 'string') return undefined;
  return {
    kind: 'agent_pane',
    teamId,
    userId: event.user,
    channelId: event.channel,
    ...(viewedChannelId ? { viewedChannelId } : {}),
  };
}
