/**
 * One AgentCore session per chat thread and user, so follow-ups keep their context and a second
 * person in the thread never shares the first one's (AgentCore gives each session its own microVM
 * and memory). InvokeAgentRuntime requires `runtimeSessionId` to be 33–256 characters: a SHA-256
 * hex digest (64) of the thread's full address and the user fits, is stable, and reveals no ids.
 */
import { createHash } from 'node:crypto';
import type { Conversation } from '#contracts/agent-events.ts';

/** `runtimeUserId`: the Cognito sub the turn runs as. */
export function runtimeSessionId(conversation: Conversation, runtimeUserId: string): string {
  const address = [
    conversation.platform,
    conversation.workspace,
    conversation.channel,
    conversation.thread,
    runtimeUserId,
  ].join('\u0000');
  return `thread-${createHash('sha256').update(address).digest('hex')}`;
}
