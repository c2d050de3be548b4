/**
 * One session per chat thread and user, in memory and bounded: the model's recent messages and the
 * last deterministic query, so "and in staging?" can reuse it. Keyed by the runtime user as well as
 * the session id, so a second person in a thread (or a caller reusing a session id) never reads, or
 * writes into, another user's turns. Least recently used sessions go first; idle ones expire.
 */
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { QueryPlan } from './ops/query-plan.ts';

export interface Session {
  /** The runtime session id (the chat thread's, for its user). */
  readonly id: string;
  /** The runtime user (Cognito sub) the session belongs to. */
  readonly userId: string;
  /** Conversation turns for the model, oldest first, trimmed to `maxMessages`. */
  messages: Message[];
  lastQuery?: QueryPlan;
  touchedAt: number;
}

interface SessionStoreOptions {
  /** @default 500 */
  readonly maxSessions?: number;
  /** @default 3_600_000 */
  readonly ttlMs?: number;
  /** Messages kept per session (a user/assistant pair is two). @default 20 */
  readonly maxMessages?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #maxSessions: number;
  readonly #ttlMs: number;
  readonly #maxMessages: number;
  readonly #now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.#maxSessions = options.maxSessions ?? 500;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#maxMessages = options.maxMessages ?? 20;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** `userId`'s session `id`, new when unknown or expired; it becomes the most recently used. */
  get(id: string, userId: string): Session {
    const now = this.#now();
    const key = `${userId}\u0000${id}`;
    const existing = this.#sessions.get(key);
    this.#sessions.delete(key);
    const session =
      existing && now - existing.touchedAt < this.#ttlMs
        ? existing
        : { id, userId, messages: [], touchedAt: now };
    session.touchedAt = now;
    this.#sessions.set(key, session);
    while (this.#sessions.size > this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value as string;
      this.#sessions.delete(oldest);
    }
    return session;
  }

  /** Appends a user/assistant exchange, keeping the history within bounds and starting with a user turn. */
  remember(session: Session, messages: readonly Message[]): void {
    session.messages.push(...messages);
    while (
      session.messages.length > this.#maxMessages ||
      (session.messages[0] && session.messages[0].role !== 'user')
    ) {
      session.messages.shift();
    }
  }
}
