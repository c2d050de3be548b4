import { LOCAL_SIGNING_SECRET, type LocalStack } from '#local/stack/stack.ts';
import { postSlashCommand } from '#local/stand-ins/slack-requests.ts';

/**
 * Sends `/ops <text>` as `user` in `channel` of the local stack's Slack, waits until the stack is
 * idle, and returns the ack and the text of the answer's thread.
 */
export async function askSlashCommand(
  stack: LocalStack,
  text: string,
  { user, channel }: { readonly user: string; readonly channel: string },
): Promise<{ ack: Response; answer: string }> {
  const ack = await postSlashCommand(stack.slackEventsUrl, text, {
    user,
    channel,
    secret: LOCAL_SIGNING_SECRET,
  });
  await stack.idle();
  const root = stack.slackApi.messagesIn(channel).at(-1)!;
  const answer = stack.slackApi
    .messagesIn(channel, root.ts)
    .map((message) => message.text)
    .join('\n');
  return { ack, answer };
}
