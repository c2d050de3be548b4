/**
 * One AgentCore session per chat thread, so follow-ups keep their context. InvokeAgentRuntime
 * requires `runtimeSessionId` to be 33–256 characters: a SHA-256 hex digest (64) of the thread's
 * full address fits, is stable, and reveals no ids.
 */
import { createHash } from 'node:crypto';
import type { Conversation } from '../../../agent/src/events.ts';

export function runtimeSessionId(conversation: Conversation): string {
  const address = [
    conversation.platform,
    conversation.workspace,
    conversation.channel,
    conversation.thread,
  ].join('#');
  return `thread-${createHash('sha256').update(address).digest('hex')}`;
}
