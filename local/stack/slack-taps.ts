/**
 * Taps a button of a message the local Slack stand-in holds, as Slack would: the message's
 * `block_actions` payload, signed with the local app's signing secret and POSTed to the Slack
 * handler. The e2e test, the alert tests and the bench use it.
 */

import { blockActions, slackSignature } from '../stand-ins/slack-requests.ts';
import type { SlackMessage } from '../stand-ins/slack-web-api.ts';

export interface TapOptions {
  /** The Slack handler's URL (LocalStack.slackEventsUrl). */
  readonly url: string;
  readonly signingSecret: string;
  readonly team: string;
  readonly channel: string;
  /** The tapped message's ts. */
  readonly messageTs: string;
  readonly user: string;
  /** The button's action_id and value, as the message carries them. */
  readonly actionId: string;
  readonly value: string;
}

/** The button of a message whose action_id is `<action>:<n>`, as the message carries it now. */
export function buttonOf(
  message: SlackMessage | undefined,
  action: string,
): { actionId: string; value: string } | undefined {
  const button = (message?.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements ?? []) as { action_id?: string; value?: string }[])
    .find((element) => element.action_id?.startsWith(`${action}:`));
  return button?.action_id && button.value !== undefined
    ? { actionId: button.action_id, value: button.value }
    : undefined;
}

export async function tapButton(options: TapOptions): Promise<Response> {
  const payload = blockActions({
    actionId: options.actionId,
    value: options.value,
    messageTs: options.messageTs,
    channel: options.channel,
    user: options.user,
    team: options.team,
  });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.signingSecret, timestamp, body),
    },
    body,
  });
}
