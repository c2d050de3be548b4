/**
 * Sends, updates and opens Teams conversations through the turn's ConnectorClient, with the
 * retries Teams asks for. With adapter.ts and activity.ts, the only runtime user of botbuilder.
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { Entity as EntityMapper } from 'botframework-connector/lib/connectorApi/models/mappers.js';
import { TeamsSendError } from './errors.ts';
import { type RetryOptions, statusOf, withRetry } from './retry.ts';

// The Bot Framework schema leaves Entity open ("additional properties defined by the entity
// type"), but botframework-connector's serializer only knows `mention` fields and would strip
// `streamId` / `streamType` / `streamSequence` from Teams' streaminfo entities: let them through.
(EntityMapper.type as { additionalProperties?: unknown }).additionalProperties ??= {
  type: { name: 'Object' },
};

/** A channel thread's conversation id ends in `;messageid=<root>`; the roster is the channel's. */
const THREAD_SUFFIX = ';messageid=';

export class TeamsSender {
  readonly reference: Partial<ConversationReference>;
  readonly #client: ConnectorClient;
  readonly #retry: RetryOptions;

  constructor(context: TurnContext, reference: Partial<ConversationReference>, retry: RetryOptions = {}) {
    this.#client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
    this.reference = reference;
    this.#retry = retry;
  }

  get isPersonal(): boolean {
    return this.reference.conversation?.conversationType === 'personal';
  }

  /** Posts into the reference's conversation (a channel thread when its id has `;messageid=`). */
  async send(activity: Partial<Activity>, reference = this.reference): Promise<string | undefined> {
    const conversationId = reference.conversation?.id ?? '';
    const full = this.#address(activity, reference);
    const response = await this.#call('send', () =>
      this.#client.conversations.sendToConversation(conversationId, full),
    );
    return response.id || undefined;
  }

  async update(activityId: string, activity: Partial<Activity>): Promise<void> {
    const conversationId = this.reference.conversation?.id ?? '';
    const full = { ...this.#address(activity, this.reference), id: activityId };
    await this.#call('update', () =>
      this.#client.conversations.updateActivity(conversationId, activityId, full),
    );
  }

  /**
   * Starts a new thread in a Teams channel (a proactive post: createConversation with the channel in
   * channelData and the activity as its first message): the thread's conversation id and root id.
   */
  async startChannelThread(
    channelId: string,
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string }> {
    const tenantId = this.reference.conversation?.tenantId;
    const result = await this.#call('createConversation', () =>
      this.#client.conversations.createConversation({
        isGroup: true,
        bot: this.reference.bot!,
        tenantId,
        channelData: { channel: { id: channelId }, tenant: { id: tenantId } },
        activity: { type: 'message', ...activity } as Activity,
      }),
    );
    return { conversationId: result.id, activityId: result.activityId };
  }

  /** The asker as the conversation's roster has them (a TeamsChannelAccount: name, email, userPrincipalName). */
  async asker(): Promise<Record<string, unknown>> {
    const conversationId = (this.reference.conversation?.id ?? '').split(THREAD_SUFFIX)[0] ?? '';
    const member = await this.#call('getConversationMember', () =>
      this.#client.conversations.getConversationMember(conversationId, this.reference.user?.id ?? ''),
    );
    return member as unknown as Record<string, unknown>;
  }

  /** Opens (or reuses) the 1:1 chat with the asker: Teams' only private channel for a bot. */
  async openPersonalChat(): Promise<Partial<ConversationReference>> {
    const tenantId = this.reference.conversation?.tenantId;
    const result = await this.#call('createConversation', () =>
      this.#client.conversations.createConversation({
        isGroup: false,
        bot: this.reference.bot!,
        members: [this.reference.user!],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      }),
    );
    return {
      ...this.reference,
      activityId: undefined,
      conversation: { id: result.id, conversationType: 'personal', isGroup: false, tenantId, name: '' },
    };
  }

  #address(activity: Partial<Activity>, reference: Partial<ConversationReference>): Partial<Activity> {
    return {
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      from: reference.bot,
      recipient: reference.user,
      ...activity,
    };
  }

  async #call<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(call, this.#retry);
    } catch (error) {
      throw new TeamsSendError(`Teams ${what} failed`, statusOf(error), { cause: error });
    }
  }
}
