import { describe, expect, it } from 'vitest';
import { SessionStore } from '#agent/src/sessions.ts';

describe('SessionStore', () => {
  it('drops the least recently used session when over its bound', () => {
    // Prepare
    const store = new SessionStore({ maxSessions: 2 });
    const first = store.get('a', 'sub-alice');
    first.messages.push({ role: 'user', content: [{ text: 'kept?' }] });
    store.get('b', 'sub-alice');
    store.get('a', 'sub-alice');
    // Act
    store.get('c', 'sub-alice');
    // Assess
    expect(store.size).toBe(2);
    expect(store.get('a', 'sub-alice').messages).toHaveLength(1);
    expect(store.get('b', 'sub-alice').messages).toEqual([]);
  });

  it('forgets a session idle longer than its TTL', () => {
    // Prepare
    let now = 0;
    const store = new SessionStore({ ttlMs: 1_000, now: () => now });
    store.get('a', 'sub-alice').messages.push({ role: 'user', content: [{ text: 'old' }] });
    // Act
    now = 1_001;
    const session = store.get('a', 'sub-alice');
    // Assess
    expect(session.messages).toEqual([]);
  });

  it('keeps at most maxMessages, starting with a user turn', () => {
    // Prepare
    const store = new SessionStore({ maxMessages: 3 });
    const session = store.get('a', 'sub-alice');
    // Act
    for (let i = 0; i < 3; i++) {
      store.remember(session, [
        { role: 'user', content: [{ text: `q${i}` }] },
        { role: 'assistant', content: [{ text: `a${i}` }] },
      ]);
    }
    // Assess
    expect(session.messages.map((m) => m.content?.[0]?.text)).toEqual(['q2', 'a2']);
  });
});
