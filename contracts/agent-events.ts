/**
 * The agent's request and the events it streams back over SSE (`data: <json>\n\n`, one event per
 * message). Adapters import this module; it is the one description of that wire format.
 */
import { z } from 'zod';
import { CHAT_PLATFORM_IDS } from './chat-platforms.ts';

/** Largest image an `image` event carries (PNG bytes): chat platforms take far less inline. */
export const MAX_IMAGE_BYTES = 1_000_000;
const IMAGE_NAME = /^[A-Za-z0-9][\w.-]{0,99}\.png$/;

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
  /**
   * Which question this is and who asked it in the chat, for the audit record only (who asks is the
   * runtime user header, never this). `receivedAt`: when the bot received it (ISO 8601). `action`:
   * the button whose tap asked it.
   */
  question: z
    .object({
      id: z.string().max(64),
      chatUserId: z.string().max(128),
      receivedAt: z.iso.datetime(),
      action: z.string().max(32),
    })
    .partial()
    .optional(),
});
export type AgentRequest = z.infer<typeof agentRequestSchema>;

/** Counts of one result, for the answer's summary: "12 instances: 9 running, 3 stopped". */
const tallySchema = z.object({
  /** What is counted, singular: `instance`. */
  noun: z.string(),
  total: z.number(),
  /** By state, when the resource has states. */
  states: z.record(z.string(), z.number()).optional(),
});
export type Tally = z.infer<typeof tallySchema>;

/** The question as it can be asked again: by anyone who taps Refresh, or in another environment. */
const rerunSchema = z.object({
  /** The question's words; an `/ops` command line without `/ops` when `command`. */
  prompt: z.string().max(1_500),
  command: z.boolean(),
  /** The same question in the other environments the asker may read here. */
  environments: z.array(z.object({ environment: z.string(), prompt: z.string().max(1_500) })).max(8),
});
export type Rerun = z.infer<typeof rerunSchema>;

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
   * The answer is for the asker alone (help, usage, a refusal, their memory): first, before
   * anything else of the turn, so the chat never shows it to the channel.
   */
  z.object({ type: z.literal('private'), reason: z.enum(['help', 'usage', 'refusal', 'memory', 'setting']) }),
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
    /** What the lines count, when the result is a list of things. */
    tally: tallySchema.optional(),
  }),
  /** One account's failure or refusal; never fails the answer as a whole. */
  z.object({
    type: z.literal('error'),
    account: accountRefSchema.optional(),
    region: z.string().optional(),
    /** `unauthorized` | `refused` | `timeout` | `throttled` | `unavailable` | `bad_request` | `internal`. */
    code: z.string(),
    message: z.string(),
    /** An `unauthorized` line refusing several accounts at once names them here (for the audit). */
    refused: z.array(accountRefSchema).optional(),
  }),
  /**
   * A picture of part of the answer (a metric chart), uploaded beside the answer in the thread.
   * `alt` says in words what it shows (sparkline, min/max/last), for screen readers and text-only chats.
   */
  z.object({
    type: z.literal('image'),
    /** File name, e.g. `alb-5xx-payments-prod-us-east-1.png`. */
    name: z.string().regex(IMAGE_NAME),
    mime: z.literal('image/png'),
    /** The image's bytes, base64; at most MAX_IMAGE_BYTES decoded. */
    base64: z
      .string()
      .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    alt: z.string().max(1_000),
    account: accountRefSchema.optional(),
    region: z.string().optional(),
  }),
  /** Last event of every turn. */
  z.object({
    type: z.literal('final'),
    summary: z.string(),
    accounts: z.array(accountRefSchema),
    regions: z.array(z.string()),
    elapsedMs: z.number(),
    sessionId: z.string(),
    /** Set when the question can be asked again as it is (Refresh) or in other environments. */
    rerun: rerunSchema.optional(),
    /** The `/ops` verb that answered (`model` for free text), for the bot's metrics. */
    verb: z.string().optional(),
  }),
]);
export type AgentEvent = z.infer<typeof agentEventSchema>;
export type ImageEvent = Extract<AgentEvent, { type: 'image' }>;

/** "1,240 of 3,000 account-regions, 3 failed" */
export function describeProgress(progress: FanOutProgress): string {
  // As common/numbers.ts writes counts (contracts import nothing of the repository).
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
