/**
 * Conversation memory in this process, for runs without AgentCore Memory (MEMORY_ID unset): bounded
 * (least recently used scopes go first) and forgotten after an idle time. Lost on restart, which
 * is why a deployed agent has MEMORY_ID.
 */
import {
  bounded,
  type ConversationMemory,
  type MemoryScope,
  type MemoryTurn,
  RECALLED_TURNS,
} from './conversation-memory.ts';

export interface InProcessMemoryOptions {
  /** @default 500 */
  readonly maxScopes?: number;
  /** @default 3_600_000 */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class InProcessMemory implements ConversationMemory {
  readonly #scopes = new Map<string, { turns: MemoryTurn[]; touchedAt: number }>();
  readonly #maxScopes: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: InProcessMemoryOptions = {}) {
    this.#maxScopes = options.maxScopes ?? 500;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#now = options.now ?? Date.now;
  }

  async recall(scope: MemoryScope): Promise<MemoryTurn[]> {
    return this.#entry(scope).turns.slice(-RECALLED_TURNS);
  }

  async remember(scope: MemoryScope, turn: MemoryTurn): Promise<void> {
    const entry = this.#entry(scope);
    entry.turns.push({ ...turn, user: bounded(turn.user), assistant: bounded(turn.assistant) });
    entry.turns.splice(0, Math.max(0, entry.turns.length - RECALLED_TURNS));
  }

  async forget(scope: MemoryScope): Promise<number> {
    const count = this.#entry(scope).turns.length;
    this.#scopes.delete(keyOf(scope));
    return count;
  }

  /** The scope's entry, new when unknown or idle too long; it becomes the most recently used. */
  #entry(scope: MemoryScope): { turns: MemoryTurn[]; touchedAt: number } {
    const key = keyOf(scope);
    const now = this.#now();
    const existing = this.#scopes.get(key);
    this.#scopes.delete(key);
    const entry =
      existing && now - existing.touchedAt < this.#ttlMs ? existing : { turns: [], touchedAt: now };
    entry.touchedAt = now;
    this.#scopes.set(key, entry);
    while (this.#scopes.size > this.#maxScopes)
      this.#scopes.delete(this.#scopes.keys().next().value as string);
    return entry;
  }
}

function keyOf(scope: MemoryScope): string {
  return `${scope.actorId}\u0000${scope.sessionId}`;
}
