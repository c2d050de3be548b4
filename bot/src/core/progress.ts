/**
 * A fan-out's progress as a chat shows it: one line the platforms update in place while the
 * answer streams ("⏳ 1,240 of 3,000 account-regions, 3 failed"), until the answer replaces it.
 */
import { describeProgress, type FanOutProgress } from '#contracts/agent-events.ts';

export function isComplete(progress: FanOutProgress): boolean {
  return progress.done >= progress.total;
}

export function progressLine(progress: FanOutProgress): string {
  return `${isComplete(progress) ? '✅' : '⏳'} _${describeProgress(progress)}_`;
}
