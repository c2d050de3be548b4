/**
 * What the agent remembers of a conversation: the exchanges of one user in one chat thread (the
 * runtime session names both), for the model's follow-ups and for "and in staging?". Kept in
 * AgentCore Memory (short-term events, 30 days) where MEMORY_ID is set, in this process otherwise.
 * A user's memory is their own: it is read and written only under their Cognito sub (the actor)
 * and their session of the thread, never another's.
 */

/** One exchange, as memory keeps it. */
export interface MemoryTurn {
  /** What was asked (an `/ops` command as typed: `/ops prod ec2`). */
  readonly user: string;
  /** What was answered: the model's text, or an `/ops` answer's summary and a digest of its results. */
  readonly assistant: string;
  /** An `/ops` query's command line (without `/ops`), so a follow-up can ask it again. */
  readonly query?: string;
}

/** Whose memory, of which thread. */
export interface MemoryScope {
  /** The Cognito sub of the user. */
  readonly actorId: string;
  /** The runtime session: one per chat thread and user (contracts/runtime-request.ts). */
  readonly sessionId: string;
}

export interface ConversationMemory {
  /** The scope's last exchanges, oldest first. */
  recall(scope: MemoryScope): Promise<MemoryTurn[]>;
  remember(scope: MemoryScope, turn: MemoryTurn): Promise<void>;
  /** Forgets every exchange of the scope; returns how many there were. */
  forget(scope: MemoryScope): Promise<number>;
}

/** Exchanges recalled per turn: the model's context and the last query. */
export const RECALLED_TURNS = 10;

/** Longest text one side of an exchange keeps (a long answer's start is what a follow-up needs). */
export const MAX_MEMORY_TEXT_CHARS = 8_000;

export function bounded(text: string): string {
  return text.length <= MAX_MEMORY_TEXT_CHARS ? text : `${text.slice(0, MAX_MEMORY_TEXT_CHARS - 1)}…`;
}
