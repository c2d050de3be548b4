/**
 * Posting where the bot may not be a member yet (a new incident channel): on `not_in_channel` it
 * joins a public channel itself (conversations.join) and posts again; a private channel it cannot
 * join is a SlackNotInChannelError, which the reply turns into a private how-to-invite note.
 */
import type { WebClient } from '@slack/web-api';
import { SlackNotInChannelError } from './errors.ts';
import { slackErrorCode } from './web-client.ts';

/** Slack's answers to a post in a channel the bot is not in: public (`not_in_channel`), private (`channel_not_found`). */
const NOT_A_MEMBER: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found']);

export async function postingAsMember<T>(
  client: WebClient,
  channel: string,
  post: () => Promise<T>,
): Promise<T> {
  try {
    return await post();
  } catch (error) {
    const code = slackErrorCode(error);
    if (!NOT_A_MEMBER.has(code ?? '')) throw error;
    try {
      await client.conversations.join({ channel });
    } catch (joinError) {
      throw new SlackNotInChannelError(channel, slackErrorCode(joinError) ?? code ?? 'unknown', {
        cause: joinError,
      });
    }
    return post();
  }
}
