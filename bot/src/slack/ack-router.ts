/**
 * What the ack path does with a verified request, behind a receiver (SlackLambdaReceiver on Lambda,
 * Bolt's SocketModeReceiver locally): refuse askers from workspaces not on the allow-list, drop
 * duplicates (Slack retries and replays carry the same event id), hand the work to the worker and
 * ack. Nothing slow runs here: Slack wants its ack within 3 s.
 *
 * It plays the part of Bolt's App for the receivers, which only ever call `processEvent`: the App
 * itself loads Bolt's HTTP and Socket Mode stacks, which would more than double the ack Lambda's
 * cold start for routing six payload kinds.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ReceiverEvent } from '@slack/bolt';
import type { AnsweredThreads } from '../core/answered-threads.ts';
import type { ChatAction } from '../core/chat-action.ts';
import { dedupeKey } from '../core/dedupe.ts';
import { BOT_MESSAGES } from '../core/messages.ts';
import type { DedupePort } from '../core/ports.ts';
import { dispatchOnce, type WorkDispatcher } from '../core/work-dispatcher.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import {
  commandAskerTeam,
  commandQuestion,
  type EventEnvelope,
  type EventOutcome,
  parseSlackRequest,
  SLASH_COMMAND,
  type SlackRequest,
  type SlashCommandPayload,
} from './inbound.ts';
import type { SlackWork } from './work.ts';

export interface SlackAckRouterOptions {
  readonly allowList: WorkspaceAllowList;
  readonly dedupe: DedupePort;
  readonly dispatcher: WorkDispatcher<SlackWork>;
  readonly logger: Logger;
  /** The threads CentralOps answered in: a reply without a mention is a question there only. @default none: no such reply is */
  readonly threads?: Pick<AnsweredThreads, 'find'>;
}

/** The part of Bolt's ReceiverEvent the router uses. */
export type SlackAck = Pick<ReceiverEvent, 'ack' | 'retryNum'>;

export class SlackAckRouter {
  readonly #options: SlackAckRouterOptions;

  constructor(options: SlackAckRouterOptions) {
    this.#options = options;
  }

  /** Bolt's receivers call this with a verified body; one of no known shape is acked and dropped. */
  async processEvent(received: ReceiverEvent): Promise<void> {
    const request = parseSlackRequest(received.body);
    if (!request) {
      this.#options.logger.warn('malformed request dropped');
      await received.ack();
      return;
    }
    await this.route(request, received);
  }

  /** Acts on a parsed request; the receiver answers with what `ack` got. */
  async route(request: SlackRequest, received: SlackAck): Promise<void> {
    if (request.kind === 'event') {
      // Events carry no reply: ack first, as Bolt does, so a slow hand-off never reads as a timeout.
      await received.ack();
      await this.#event(request.envelope, request.outcome, received.retryNum);
      return;
    }
    if (request.kind === 'command') {
      await this.#command(request.command, received);
      return;
    }
    if (request.kind === 'action') {
      await this.#action(request.action, request.teamId, received);
      return;
    }
    await received.ack();
  }

  /**
   * A button tap: the tapper's own team must be allowed; the worker re-authorizes the tapper. The
   * ack comes after the hand-off, so a failed hand-off is a 5xx Slack shows the tapper (it does not
   * retry taps).
   */
  async #action(action: ChatAction, teamId: string, received: SlackAck): Promise<void> {
    if (this.#allowed(action.workspaceId, teamId)) {
      await this.#handOff(teamId, action.deliveryId, { kind: 'action', action }, received.retryNum, 'action');
    }
    await received.ack();
  }

  async #event(envelope: EventEnvelope, outcome: EventOutcome, retryNum: number | undefined): Promise<void> {
    if (outcome.status === 'ignored') {
      this.#options.logger.debug('event ignored', { reason: outcome.reason, eventType: envelope.event.type });
      return;
    }
    if (!this.#allowed(outcome.askerTeam, envelope.team_id)) return;
    const work = await this.#inAnsweredThread(outcome.work);
    if (!work) return;
    await this.#handOff(envelope.team_id, envelope.event_id, work, retryNum, envelope.event.type);
  }

  /**
   * A reply without a mention is a question only in a thread CentralOps answered; it then continues
   * that thread's conversation. Anything else passes as it is.
   */
  async #inAnsweredThread(work: SlackWork): Promise<SlackWork | undefined> {
    if (work.kind !== 'question' || work.event.surface !== 'thread') return work;
    const { event } = work;
    const conversationThreadId = await this.#options.threads?.find({
      platform: event.platform,
      workspaceId: event.conversationWorkspaceId ?? event.workspaceId,
      channelId: event.channelId,
      threadId: event.threadId,
    });
    if (conversationThreadId === undefined) {
      this.#options.logger.debug('thread reply ignored: not a thread CentralOps answered');
      return undefined;
    }
    return { kind: 'question', event: { ...event, conversationThreadId } };
  }

  async #command(payload: SlashCommandPayload, received: SlackAck): Promise<void> {
    if (!this.#allowed(commandAskerTeam(payload), payload.team_id)) {
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

  /** The asker's own team must be allowed, whatever team the channel belongs to. */
  #allowed(askerTeam: string, teamId: string): boolean {
    if (this.#options.allowList.allows('slack', askerTeam)) return true;
    this.#options.logger.warn('workspace refused', { askerTeam, teamId });
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
    if (!(await dispatchOnce(dedupe, dispatcher, dedupeKey(teamId, deliveryId), work))) {
      logger.info('duplicate delivery dropped', { teamId, deliveryId, retryNum, kind });
    }
  }
}
