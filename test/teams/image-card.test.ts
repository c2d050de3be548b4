import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageMessage } from '#bot/src/teams/image-card.ts';
import { MAX_MESSAGE_BYTES } from '#bot/src/teams/render.ts';
import type { ImageEvent } from '#contracts/agent-events.ts';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';
import { playReply, SCRIPT } from './harness.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString(
  'base64',
);
const chart = (base64 = PNG): ImageEvent => ({
  type: 'image',
  name: 'alb-5xx-payments-prod-us-east-1.png',
  mime: 'image/png',
  base64,
  alt: 'alb-5xx (Sum) in payments-prod us-east-1, last 3h: ▁▁█ min 0 · max 96 · last 84',
  account: { id: '111111111111', name: 'payments-prod', environment: 'prod' },
  region: 'us-east-1',
});

describe('Teams chart messages', () => {
  it('carries a chart as an Adaptive Card Image data URI with its alt text, naming account and region', () => {
    // Act
    const message = imageMessage(chart());
    // Assess
    const card = message.attachments?.[0]?.content as { body: Record<string, unknown>[] };
    expect(message.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.body).toContainEqual(
      expect.objectContaining({ type: 'Image', url: `data:image/png;base64,${PNG}`, altText: chart().alt }),
    );
    expect(card.body[0]).toMatchObject({ text: 'payments-prod (111111111111) · us-east-1' });
  });

  it('says the chart in words when it would pass the Teams message size limit', () => {
    // Act
    const message = imageMessage(chart('A'.repeat(MAX_MESSAGE_BYTES)));
    // Assess
    expect(message.attachments).toBeUndefined();
    expect(message.text).toContain('▁▁█ min 0 · max 96 · last 84');
    expect(message.text).toContain('too large for a Teams message');
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  describe('in the reply stream', () => {
    let connector: BotConnector;
    beforeAll(async () => {
      connector = await startBotConnector();
    });
    afterAll(async () => {
      await connector?.stop();
    });

    it('sends the chart as its own message after the answer card', async () => {
      // Act
      await playReply(connector, { chat: 'group', intervalMs: 10 }, async (reply) => {
        for (const event of SCRIPT.slice(0, -1)) await reply.push(event);
        await reply.push(chart());
        await reply.push(SCRIPT.at(-1)!);
      });
      // Assess
      const last = connector.activities.at(-1)!.activity as {
        attachments?: { content: { body: { type: string }[] } }[];
      };
      expect(last.attachments?.[0]?.content.body.map((element) => element.type)).toContain('Image');
      const answers = connector.activities.filter((a) => JSON.stringify(a.activity).includes('AdaptiveCard'));
      expect(answers.length).toBeGreaterThanOrEqual(2);
    });
  });
});
