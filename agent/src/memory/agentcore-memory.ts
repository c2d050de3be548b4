/**
 * Conversation memory in AgentCore Memory: each exchange is one short-term event (CreateEvent) of
 * the user (actor: their Cognito sub) in their session of the thread, the question and the answer
 * as conversational payloads, an `/ops` query's command line as event metadata. Recalled with
 * ListEvents, forgotten with DeleteEvent; the memory's own event expiry (30 days, infra/) ends the
 * rest. Hand-written over the SDK client because the TypeScript SDK has no memory session helper.
 */
import {
  type BedrockAgentCoreClient,
  CreateEventCommand,
  DeleteEventCommand,
  type Event,
  ListEventsCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import {
  bounded,
  type ConversationMemory,
  type MemoryScope,
  type MemoryTurn,
  RECALLED_TURNS,
} from './conversation-memory.ts';

export interface AgentCoreMemoryOptions {
  readonly client: BedrockAgentCoreClient;
  /** MEMORY_ID: the memory's id (not its ARN). */
  readonly memoryId: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Event metadata key of an `/ops` query's command line. */
const QUERY_KEY = 'centralops_query';
/** Events one ListEvents page returns; a turn is one event. */
const PAGE_SIZE = 100;

export class AgentCoreMemory implements ConversationMemory {
  readonly #client: BedrockAgentCoreClient;
  readonly #memoryId: string;
  readonly #now: () => Date;

  constructor(options: AgentCoreMemoryOptions) {
    this.#client = options.client;
    this.#memoryId = options.memoryId;
    this.#now = options.now ?? (() => new Date());
  }

  async recall(scope: MemoryScope): Promise<MemoryTurn[]> {
    const events = await this.#events(scope, true);
    return events.slice(-RECALLED_TURNS).flatMap((event) => {
      const turn = turnOf(event);
      return turn ? [turn] : [];
    });
  }

  async remember(scope: MemoryScope, turn: MemoryTurn): Promise<void> {
    await this.#client.send(
      new CreateEventCommand({
        memoryId: this.#memoryId,
        actorId: scope.actorId,
        sessionId: scope.sessionId,
        eventTimestamp: this.#now(),
        payload: [
          { conversational: { role: 'USER', content: { text: bounded(turn.user) } } },
          { conversational: { role: 'ASSISTANT', content: { text: bounded(turn.assistant) } } },
        ],
        ...(turn.query ? { metadata: { [QUERY_KEY]: { stringValue: turn.query } } } : {}),
      }),
    );
  }

  async forget(scope: MemoryScope): Promise<number> {
    const events = await this.#events(scope, false);
    for (const event of events) {
      await this.#client.send(
        new DeleteEventCommand({
          memoryId: this.#memoryId,
          actorId: scope.actorId,
          sessionId: scope.sessionId,
          eventId: event.eventId,
        }),
      );
    }
    return events.length;
  }

  /** Every event of the scope, oldest first (whatever order the pages come in). */
  async #events(scope: MemoryScope, includePayloads: boolean): Promise<Event[]> {
    const events: Event[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#client.send(
        new ListEventsCommand({
          memoryId: this.#memoryId,
          actorId: scope.actorId,
          sessionId: scope.sessionId,
          includePayloads,
          maxResults: PAGE_SIZE,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    // Only the user's own events of this session: a store that answered with others' is not trusted.
    return events
      .filter((event) => event.actorId === scope.actorId && event.sessionId === scope.sessionId)
      .sort((a, b) => (a.eventTimestamp?.getTime() ?? 0) - (b.eventTimestamp?.getTime() ?? 0));
  }
}

function turnOf(event: Event): MemoryTurn | undefined {
  const text = (role: string) =>
    event.payload?.find((item) => item.conversational?.role === role)?.conversational?.content?.text;
  const user = text('USER');
  const assistant = text('ASSISTANT');
  if (user === undefined || assistant === undefined) return undefined;
  const query = event.metadata?.[QUERY_KEY]?.stringValue;
  return { user, assistant, ...(query ? { query } : {}) };
}
