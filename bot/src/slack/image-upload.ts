/**
 * Charts (agent `image` events) into the Slack thread: one files.uploadV2 each (WebClient runs
 * Slack's three steps: getUploadURLExternal, the upload, completeUploadExternal), with the alt
 * text Slack shows screen readers. A failed upload is logged, never fatal: the answer's text
 * already carries what the chart shows (sparkline, min/max/last).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import type { ImageEvent } from '#contracts/agent-events.ts';
import { slackErrorCode } from './web-client.ts';

/** Slack's limit on a file's alt text. */
const MAX_ALT_CHARS = 1_000;

export async function uploadImages(
  client: WebClient,
  target: { readonly channel: string; readonly threadTs: string },
  images: readonly ImageEvent[],
  logger: Logger,
): Promise<void> {
  for (const image of images) {
    try {
      await client.filesUploadV2({
        channel_id: target.channel,
        thread_ts: target.threadTs,
        file: Buffer.from(image.base64, 'base64'),
        filename: image.name,
        title: image.name.replace(/\.png$/, ''),
        alt_text: image.alt.slice(0, MAX_ALT_CHARS),
      });
    } catch (error) {
      logger.warn('chart upload failed', { file: image.name, code: slackErrorCode(error) });
    }
  }
}
