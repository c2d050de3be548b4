/**
 * The agent's request and the events it streams back over SSE (`data: <json>\n\n`, one event per
 * message). Adapters import this module; it is the one description of that wire format.
 */
import { z } from 'zod';
import { CHAT_PLATFORM_IDS } from './chat-platforms.ts';

const accountRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  environment: z.string(),
});
export type AccountRef = z.infer<typeof accountRefSchema>;

/** The chat platforms (chat-platforms.ts), and `local`: the dev chat page of `npm start`. */
const CONVERSATION_PLATFORMS = [...CHAT_PLATFORM_IDS, 'local'] as const;

const conversationSchema = z.object({
  platform: z.enum(CONVERSATION_PLATFORMS),
  workspace: z.string(),
  channel: z.string(),
  /** The chat thread: one agent session per thread keeps follow-ups ("and in staging?") in context. */
  thread: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const agentRequestSchema = z.object({
  /** The user's words, mention stripped. */
  prompt: z.string().max(4_000),
  /** Present when the adapter received a slash command: `/ops prod s3` → `{ name: 'ops', text: 'prod s3' }`. */
  command: z.object({ name: z.string(), text: z.string().max(4_000) }).optional(),
  conversation: conversationSchema,
});
export type AgentRequest = z.infer<typeof agentRequestSchema>;

/**
 * A fan-out's progress, sent as each shard of it lands: account-regions answered or failed so far,
 * of all asked. Numbers, so a chat can show it its own way and update it in place.
 */
const fanOutProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type FanOutProgress = z.infer<typeof fanOutProgressSchema>;

const agentEventSchema = z.discriminatedUnion('type', [
  /**
   * Progress: "querying 12 prod accounts". With `progress`, a fan-out's count so far, whose
   * `message` says the same in words (describeProgress) for a reader that shows only text.
   * Replaced by the answer in chat.
   */
  z.object({ type: z.literal('status'), message: z.string(), progress: fanOutProgressSchema.optional() }),
  /** A piece of the answer's prose (markdown), streamed as produced. */
  z.object({ type: z.literal('text'), delta: z.string() }),
  /** One account+region's structured result. */
  z.object({
    type: z.literal('result'),
    account: accountRefSchema,
    region: z.string(),
    /** What was asked, e.g. `ec2 describe-instances`. */
    operation: z.string(),
    /** One short line for the summary, e.g. "3 instances (2 running)". */
    summary: z.string(),
    /** Human-readable detail lines (no wide tables). */
    lines: z.array(z.string()),
    /** Set when the tool output was cut to the size cap. */
    truncated: z.object({ omittedBytes: z.number() }).optional(),
  }),
  /** One account's failure or refusal; never fails the answer as a whole. */
  z.object({
    type: z.literal('error'),
    account: accountRefSchema.optional(),
    region: z.string().optional(),
    /** `unauthorized` | `refused` | `timeout` | `throttled` | `unavailable` | `bad_request` | `internal`. */
    code: z.string(),
    message: z.string(),
  }),
  /** Last event of every turn. */
  z.object({
    type: z.literal('final'),
    summary: z.string(),
    accounts: z.array(accountRefSchema),
    regions: z.array(z.string()),
    elapsedMs: z.number(),
    sessionId: z.string(),
  }),
]);
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** "1,240 of 3,000 account-regions, 3 failed" */
export function describeProgress(progress: FanOutProgress): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const failed = progress.failed > 0 ? `, ${count(progress.failed)} failed` : '';
  return `${count(progress.done)} of ${count(progress.total)} account-regions${failed}`;
}

/** One SSE message for an event. */
export function encodeAgentEvent(event: AgentEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** Validates one SSE `data:` payload; throws a ZodError naming the bad field. */
export function parseAgentEvent(data: string): AgentEvent {
  return agentEventSchema.parse(JSON.parse(data));
}
