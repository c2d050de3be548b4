import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { mapActivity } from '#bot/src/teams/inbound.ts';
import type { TeamsTurnWork } from '#bot/src/teams/work.ts';
import {
  ALICE,
  CHANNEL,
  channelMention,
  GROUP_CHAT,
  groupChatMention,
  PERSONAL_CHAT,
  personalMessage,
  TENANT,
  threadReplyMention,
} from './harness.ts';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';

function accepted(activity: Activity): TeamsTurnWork {
  const mapping = mapActivity(activity);
  if (mapping.status !== 'accepted') throw new Error(`ignored: ${mapping.reason}`);
  return mapping.work;
}

describe('mapActivity', () => {
  it('turns a channel mention into a command answered in the thread of the mentioning post', () => {
    // Act
    const { event, reference } = accepted(
      channelMention({ serviceUrl, id: '1732354200001', text: 'ops prod s3' }),
    );

    // Assess
    expect(event).toMatchObject({
      platform: 'teams',
      eventId: '1732354200001',
      workspaceId: TENANT,
      userId: ALICE.aadObjectId,
      channelId: CHANNEL,
      threadId: '1732354200001',
      surface: 'command',
      text: 'prod s3',
      private: false,
    });
    expect(reference.conversation?.id).toBe(`${CHANNEL};messageid=1732354200001`);
    expect(reference.serviceUrl).toBe(serviceUrl);
  });

  it('keeps the thread root of a mention made inside an existing thread', () => {
    // Act
    const { event, reference } = accepted(
      threadReplyMention({ serviceUrl, id: '1732354200009', rootId: '1732354200001' }),
    );

    // Assess
    expect(event.threadId).toBe('1732354200001');
    expect(reference.conversation?.id).toBe(`${CHANNEL};messageid=1732354200001`);
  });

  it('removes the bot mention and keeps free text as a question', () => {
    // Act
    const { event } = accepted(groupChatMention({ serviceUrl, text: 'list EC2 instances in staging' }));

    // Assess
    expect(event).toMatchObject({
      surface: 'mention',
      text: 'list EC2 instances in staging',
      channelId: GROUP_CHAT,
    });
  });

  it('reads `/ops …` and a trailing `private` in a personal chat', () => {
    // Act
    const { event } = accepted(personalMessage({ serviceUrl, text: '/ops all ec2 private' }));

    // Assess
    expect(event).toMatchObject({
      surface: 'command',
      text: 'all ec2',
      private: true,
      channelId: PERSONAL_CHAT,
    });
    expect(event.platformContext.conversationType).toBe('personal');
  });

  it('identifies the asker by aadObjectId, never by display name', () => {
    // Prepare
    const activity = personalMessage({ serviceUrl });
    const impostor = {
      ...activity,
      from: { id: ALICE.id, name: 'bob', aadObjectId: 'b0b00000-0000-0000-0000-000000000002' },
    };

    // Act
    const { event } = accepted(impostor as Activity);

    // Assess
    expect(event.userId).toBe('b0b00000-0000-0000-0000-000000000002');
  });

  it('ignores a message from a sender without aadObjectId', () => {
    // Prepare
    const activity = personalMessage({ serviceUrl });
    const anonymous = { ...activity, from: { id: ALICE.id, name: ALICE.name } };

    // Act
    const mapping = mapActivity(anonymous as Activity);

    // Assess
    expect(mapping).toEqual({ status: 'ignored', reason: 'sender has no aadObjectId' });
  });

  it('ignores activities that are not messages, and a bare mention', () => {
    // Prepare
    const update = { ...personalMessage({ serviceUrl }), type: 'conversationUpdate' };
    const bare = channelMention({ serviceUrl, text: '' });

    // Act + Assess
    expect(mapActivity(update as Activity).status).toBe('ignored');
    expect(mapActivity(bare).status).toBe('ignored');
  });

  it('never treats a conversation without a type as personal', () => {
    // Prepare
    const activity = personalMessage({ serviceUrl });
    const untyped = { ...activity, conversation: { id: PERSONAL_CHAT, tenantId: TENANT } };

    // Act
    const { event } = accepted(untyped as Activity);

    // Assess
    expect(event.platformContext.conversationType).not.toBe('personal');
    expect(event.surface).not.toBe('direct');
  });
});
