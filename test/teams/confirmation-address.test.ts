import { describe, expect, it } from 'vitest';
import type { ConfirmationAddress } from '#bot/src/core/chat-event.ts';
import { personalConversationOf, toConfirmationAddress } from '#bot/src/teams/confirmation-address.ts';
import { BOT, CHANNEL, PERSONAL_CHAT, TENANT } from './harness.ts';

const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
const ADDRESS: ConfirmationAddress = {
  serviceUrl: SERVICE_URL,
  conversationId: PERSONAL_CHAT,
  botId: BOT.id,
  tenantId: TENANT,
};

describe('Teams confirmation address', () => {
  it('turns a 1:1 conversation reference into an address and back', () => {
    // Prepare
    const reference = {
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      bot: BOT,
      user: { id: '29:1alice-teams-id', name: 'Alice Example' },
      conversation: {
        id: PERSONAL_CHAT,
        conversationType: 'personal',
        isGroup: false,
        tenantId: TENANT,
        name: '',
      },
    };

    // Act
    const address = toConfirmationAddress(reference);
    const back = address && personalConversationOf(address, TENANT);

    // Assess
    expect(address).toEqual(ADDRESS);
    expect(back).toMatchObject({
      serviceUrl: SERVICE_URL,
      bot: { id: BOT.id },
      conversation: { id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT },
    });
  });

  it('accepts plain http on loopback only (local connectors)', () => {
    // Act
    const local = personalConversationOf({ ...ADDRESS, serviceUrl: 'http://127.0.0.1:3978/' }, TENANT);

    // Assess
    expect(local?.serviceUrl).toBe('http://127.0.0.1:3978/');
  });

  it.each([
    ['no address at all', undefined],
    ['another tenant', { ...ADDRESS, tenantId: 'ffffffff-0000-0000-0000-000000000bad' }],
    ['a channel thread', { ...ADDRESS, conversationId: `${CHANNEL};messageid=1732354200001` }],
    ['a group chat', { ...ADDRESS, conversationId: '19:groupchat000000000000000000000@thread.v2' }],
    ['a plain-http connector off this machine', { ...ADDRESS, serviceUrl: 'http://smba.example.test/amer/' }],
    ['a serviceUrl that is no URL', { ...ADDRESS, serviceUrl: 'smba.trafficmanager.net' }],
    ['no bot', { serviceUrl: SERVICE_URL, conversationId: PERSONAL_CHAT, tenantId: TENANT }],
  ])('refuses an address naming %s', (_, address) => {
    // Act
    const reference = personalConversationOf(address, TENANT);

    // Assess
    expect(reference).toBeUndefined();
  });

  it('gives no address for a reference without its tenant', () => {
    // Act
    const address = toConfirmationAddress({
      serviceUrl: SERVICE_URL,
      bot: BOT,
      conversation: { id: PERSONAL_CHAT, conversationType: 'personal', isGroup: false, name: '' },
    });

    // Assess
    expect(address).toBeUndefined();
  });
});
