/**
 * When and how a fan-out tells its progress ("1,240 of 3,000 account-regions, 3 failed"): a
 * `status` event the chats update in place, at 0 first (the fan-out's size before anything lands),
 * then as its parts land: the query_accounts calls of a sharded fan-out, the flows of a per-account
 * one. Small fan-outs answer at once and tell nothing.
 */
import { type AgentEvent, describeProgress, type FanOutProgress } from '#contracts/agent-events.ts';

/** Past this many account-regions a fan-out reports its progress and its answer opens with a summary. */
export const LARGE_FAN_OUT = 10;

/**
 * Updates told at most per fan-out: 3,000 flows landing one by one would be 3,000 edits of one
 * chat message (rate-limited by Slack and Teams, and no more readable), so past this many parts
 * the count is told every few parts; a sharded fan-out's 40 shards are each told.
 */
export const MAX_PROGRESS_UPDATES = 100;

/** Whether to tell the count once `landed` of the fan-out's `parts` have landed (0: before any). */
export function progressDue(landed: number, parts: number, total: number): boolean {
  if (parts <= 1 || total <= LARGE_FAN_OUT) return false;
  const every = Math.ceil(parts / MAX_PROGRESS_UPDATES);
  return landed === parts || landed % every === 0;
}

export function progressEvent(progress: FanOutProgress): Extract<AgentEvent, { type: 'status' }> {
  return { type: 'status', message: describeProgress(progress), progress: { ...progress } };
}
