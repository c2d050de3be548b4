/**
 * Chat API calls retried (Slack Web API, Bot Connector): each platform's client reports its
 * retries here, and each question's metrics take what was counted during it. A Lambda sandbox runs
 * one question at a time, so the count is the question's own.
 */
const counted = new Map<string, number>();

export function countChatApiRetry(platform: string): void {
  counted.set(platform, (counted.get(platform) ?? 0) + 1);
}

/** The retries counted for `platform` since the last call, and a fresh count from now. */
export function takeChatApiRetries(platform: string): number {
  const count = counted.get(platform) ?? 0;
  counted.delete(platform);
  return count;
}
