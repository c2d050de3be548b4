/**
 * The Teams ack path's logic, behind the messaging endpoint (handler.ts). The adapter validates the
 * Bot Framework JWT; this path then refuses every channel but Teams (a Web Chat or Direct Line
 * client writes its own `from` and `channelData`) and unknown tenants, drops re-sends, and hands
 * the turn to the worker so the HTTP answer leaves well within Bot Service's ~15 s. A card button's
 * `adaptiveCard/action` invoke takes the same path and gets the invoke response Teams requires.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type Activity,
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  type CloudAdapter,
  type TurnContext,
} from 'botbuilder';
import { dedupeKey } from '../core/dedupe.ts';
import { createBotLogger } from '../core/logger.ts';
import type { DedupePort } from '../core/ports.ts';
import { dispatchOnce, type WorkDispatcher } from '../core/work-dispatcher.ts';
import type { WorkspaceAllowList } from '../identity/workspaces.ts';
import { mapActivity, mapInvoke, TEAMS_CHANNEL_ID, tenantOf } from './inbound.ts';
import { type HttpEvent, type HttpResult, httpResult, LambdaResponse, toBotRequest } from './lambda-http.ts';
import type { TeamsWorkItem } from './work.ts';

export interface TeamsHandlerDeps {
  readonly adapter: CloudAdapter;
  readonly allowList: WorkspaceAllowList;
  readonly dedupe: DedupePort;
  readonly dispatcher: WorkDispatcher<TeamsWorkItem>;
  /** @default createBotLogger('centralops-teams') */
  readonly logger?: Logger;
}

export type TeamsHttpHandler = (event: HttpEvent) => Promise<HttpResult>;

/** Universal Actions' response types: a message shown on the card, or an error. */
const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';
const INVOKE_ERROR = 'application/vnd.microsoft.error';
/** What the card shows while the worker answers the tap. */
export const TAP_ACKNOWLEDGED = 'Working on it…';

export function createTeamsHandler(deps: TeamsHandlerDeps): TeamsHttpHandler {
  const logger = deps.logger ?? createBotLogger('centralops-teams');

  /**
   * A card button's invoke: handed to the worker like a message, and answered at once with the
   * invoke response Universal Actions require (Teams shows the message on the card; the worker
   * then edits the card). Anything else invoked is answered as not implemented.
   */
  async function answerInvoke(context: TurnContext, activity: Activity, tenant: string): Promise<void> {
    const mapping = mapInvoke(activity);
    let body: AdaptiveCardInvokeResponse;
    if (mapping.status === 'accepted') {
      const key = dedupeKey(tenant, activity.id ?? '');
      if (!(await dispatchOnce(deps.dedupe, deps.dispatcher, key, mapping.work))) {
        logger.info('duplicate invoke dropped', { activityId: activity.id });
      }
      body = {
        statusCode: 200,
        type: INVOKE_MESSAGE,
        value: TAP_ACKNOWLEDGED as unknown as Record<string, unknown>,
      };
    } else {
      logger.warn('invoke refused', { activityId: activity.id, name: activity.name, ...mapping });
      body =
        mapping.status === 'refused'
          ? { statusCode: 400, type: INVOKE_ERROR, value: { code: mapping.code, message: mapping.message } }
          : {
              statusCode: 501,
              type: INVOKE_ERROR,
              value: { code: 'NotImplemented', message: mapping.reason },
            };
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }

  return async (event) => {
    const request = toBotRequest(event);
    const response = new LambdaResponse();
    let refused: string | undefined;
    // botbuilder validates the JWT (401 on failure) before it calls this turn logic.
    await deps.adapter.process(request, response, async (context) => {
      const activity = context.activity as Activity;
      if (activity.channelId !== TEAMS_CHANNEL_ID) {
        refused = 'channel not supported';
        logger.warn('channel refused', { channelId: activity.channelId, activityId: activity.id });
        return;
      }
      const tenant = tenantOf(activity);
      if (!deps.allowList.allows('teams', tenant)) {
        refused = 'tenant not allowed';
        logger.warn('tenant not allowed', { tenant, activityId: activity.id });
        return;
      }
      if (activity.type === ActivityTypes.Invoke) {
        await answerInvoke(context, activity, tenant);
        return;
      }
      const mapping = mapActivity(activity);
      if (mapping.status === 'ignored') {
        logger.debug('activity ignored', { reason: mapping.reason, type: activity.type });
        return;
      }
      const key = dedupeKey(tenant, activity.id ?? '');
      if (!(await dispatchOnce(deps.dedupe, deps.dispatcher, key, mapping.work))) {
        logger.info('duplicate activity dropped', { activityId: activity.id });
      }
    });
    if (refused) return httpResult(403, refused);
    const result = response.result();
    if (result.statusCode >= 500) {
      // botbuilder puts the error message in the body: keep internals out of the HTTP answer.
      logger.error('Teams activity failed', { statusCode: result.statusCode, detail: result.body });
      return httpResult(result.statusCode, 'internal error');
    }
    return result;
  };
}
