/**
 * Mute 1h: the channel gets no new alert message for an hour (roots already posted still change
 * status, silently), said in the tapped alert's thread so the channel knows who muted it and until
 * when. Stored in the state table (core/channel-mutes.ts); nothing changes in AWS.
 */
import * as z from 'zod/mini';
import { defineAction } from '../core/chat-action.ts';

export const MUTE_MS = 3_600_000;

export const mute = defineAction({
  name: 'mute',
  // The button carries nothing: the channel is the tapped message's, from the signed envelope.
  schema: z.object({}),
  async run(_args, turn) {
    const { action } = turn;
    const until = Date.now() + MUTE_MS;
    await turn.channelMutes.set(
      {
        platform: action.platform,
        workspaceId: action.conversationWorkspaceId ?? action.workspaceId,
        channelId: action.channelId,
      },
      { until, by: action.userId },
    );
    const reply = turn.replies.inThread();
    await reply.push({
      type: 'text',
      delta: `🔕 Alerts muted in this channel for 1 hour by ${turn.user.cognitoUsername}, until ${new Date(until).toISOString().slice(11, 16)} UTC.`,
    });
    await reply.close();
  },
});
