/**
 * A chart (agent `image` event) as a Teams message: an Adaptive Card with the alt text and the
 * Image as a data URI (Adaptive Cards take data URIs from 1.2; Teams shows PNGs up to 1024×1024).
 * The whole activity must stay under Teams' message size limit, so a chart too large to carry
 * inline becomes its alt text (sparkline, min/max/last), saying why.
 */
import type { Activity } from 'botbuilder';
import type { ImageEvent } from '#contracts/agent-events.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, MAX_MESSAGE_BYTES } from './render.ts';

export function imageMessage(image: ImageEvent, maxBytes = MAX_MESSAGE_BYTES): Partial<Activity> {
  const where = image.account
    ? `${image.account.name} (${image.account.id})${image.region ? ` · ${image.region}` : ''}`
    : '';
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      ...(where ? [{ type: 'TextBlock', text: where, weight: 'Bolder', wrap: true }] : []),
      {
        type: 'Image',
        url: `data:${image.mime};base64,${image.base64}`,
        altText: image.alt,
        size: 'Stretch',
      },
      { type: 'TextBlock', text: image.alt, wrap: true, isSubtle: true, size: 'Small' },
    ],
  };
  const message: Partial<Activity> = {
    type: 'message',
    summary: image.alt,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
  if (Buffer.byteLength(JSON.stringify(message)) <= maxBytes) return message;
  return {
    type: 'message',
    textFormat: 'markdown',
    text: `📈 ${where ? `**${where}**: ` : ''}${image.alt}\n\n_The chart is too large for a Teams message._`,
  };
}
