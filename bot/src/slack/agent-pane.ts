/**
 * Slack's agent messaging pane (`agent_view`): when it opens or the user's context changes, offer
 * up to four suggested prompts (assistant.threads.setSuggestedPrompts).
 */
import type { WebClient } from '@slack/web-api';
import type { SlackWork } from './work.ts';

export const SUGGESTED_PROMPTS = [
  { title: 'EC2 in prod', message: 'list EC2 instances in prod' },
  { title: 'Firing alarms', message: 'which CloudWatch alarms are in ALARM across all accounts?' },
  { title: 'S3 in prod', message: '/ops prod s3' },
  { title: 'Who am I?', message: 'whoami' },
] as const;

export async function offerSuggestedPrompts(
  client: WebClient,
  work: Extract<SlackWork, { kind: 'agent_pane' }>,
): Promise<void> {
  await client.assistant.threads.setSuggestedPrompts({
    channel_id: work.channelId,
    title: work.viewedChannelId
      ? `Ask about the accounts behind <#${work.viewedChannelId}>`
      : 'Ask CentralOps',
    prompts: SUGGESTED_PROMPTS.map((prompt) => ({ ...prompt })),
  });
}
