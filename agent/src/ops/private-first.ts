/**
 * A verb's events as a chat must get them: an answer for the asker alone says so first, before
 * anything the channel could see (contracts/agent-events.ts `private`). A refusal by the bridge's
 * policy is known only once the first shard lands, so a verb sending the asker's own calls has its
 * statuses and the accounts refused here held back until then: a refusal goes first, privately,
 * with the held refusals and without the statuses (they said what was being asked); anything else
 * lets them out as they were, and the rest streams as it comes. A `private` too late to be first is dropped: the
 * answer is in the channel already, and the refusal is said there.
 */
import type { AgentEvent } from '#contracts/agent-events.ts';

/** What a verb says before its first shard lands. */
function heldBack(event: AgentEvent): boolean {
  return event.type === 'status' || (event.type === 'error' && event.code === 'unauthorized');
}

/** @param hold whether to hold back what comes before the first shard lands (OpsVerb.refusable) */
export async function* privateFirst(
  events: AsyncIterable<AgentEvent>,
  hold: boolean,
): AsyncGenerator<AgentEvent> {
  let held: AgentEvent[] | undefined = hold ? [] : undefined;
  let said = false;
  for await (const event of events) {
    if (event.type === 'private') {
      if (said) continue;
      said = true;
      yield event;
      yield* (held ?? []).filter((before) => before.type !== 'status');
      held = undefined;
    } else if (held && heldBack(event)) {
      held.push(event);
    } else {
      said = true;
      yield* held ?? [];
      held = undefined;
      yield event;
    }
  }
  yield* held ?? [];
}
