/**
 * How the bot invokes the agent on AgentCore Runtime, beside the body (agent-events.ts): who asks
 * travels in the runtime user header (InvokeAgentRuntime's `runtimeUserId`), never in the body,
 * and the session is one per chat thread and user.
 */
import { createHash } from 'node:crypto';
import type { Conversation } from './agent-events.ts';

/** Headers AgentCore Runtime sets on the request it forwards to the agent container. */
export const RUNTIME_HEADERS = {
  userId: 'x-amzn-bedrock-agentcore-runtime-user-id',
  sessionId: 'x-amzn-bedrock-agentcore-runtime-session-id',
} as const;

/**
 * One AgentCore session per chat thread and user, so follow-ups keep their context and a second
 * person in the thread never shares the first one's (AgentCore gives each session its own microVM
 * and memory). InvokeAgentRuntime requires `runtimeSessionId` to be 33–256 characters: a SHA-256
 * hex digest (64) of the thread's full address and the user fits, is stable, and reveals no ids.
 * `runtimeUserId`: the Cognito sub the turn runs as.
 */
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
