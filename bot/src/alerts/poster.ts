/**
 * Posts one delivery into its channel and keeps the alert's thread: the first event opens the
 * thread (root message), each later change is a line in it and updates the root's status in place,
 * more than `flapChanges` changes within `flapWindowMs` collapse into one line updated in place,
 * and a muted channel gets no new message (its roots still change status, silently). Posts are
 * paced per channel. Every outcome is logged as one structured line (see delivery-log.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import type { ChannelMutes } from '../core/channel-mutes.ts';
import type { Alert } from './alert.ts';
import { type AlertStateStore, type AlertThread, threadId } from './alert-state.ts';
import { changeLine, flapLine } from './alert-text.ts';
import type { ChannelPacer } from './channel-pacer.ts';
import type { AlertChannelPoster, RootView } from './channel-poster.ts';
import { type AlertDelivery, deliveryGroup } from './delivery.ts';
import { type DeliveryOutcome, logDelivery } from './delivery-log.ts';

export interface AlertPosterOptions {
  readonly state: AlertStateStore;
  readonly mutes: ChannelMutes;
  /** The platforms this deployment posts to; a delivery for another is refused (and logged). */
  readonly posters: Partial<Readonly<Record<ChatPlatformId, AlertChannelPoster>>>;
  readonly pacer: ChannelPacer;
  readonly logger: Logger;
  /** More changes than this within the window flap. @default 3 */
  readonly flapChanges?: number;
  /** @default 900_000 (15 minutes) */
  readonly flapWindowMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export type AlertPoster = (delivery: AlertDelivery) => Promise<DeliveryOutcome>;

export function createAlertPoster(options: AlertPosterOptions): AlertPoster {
  const { state, pacer, logger } = options;
  const flapChanges = options.flapChanges ?? 3;
  const flapWindowMs = options.flapWindowMs ?? 900_000;
  const now = options.now ?? Date.now;

  return async (delivery) => {
    const { alert, channel } = delivery;
    const poster = options.posters[channel.platform];
    const group = deliveryGroup(channel);
    const id = threadId(channel, alert.key);
    const view = (current: Alert): RootView => ({
      alert: current,
      accountLabel: delivery.accountLabel,
      threadId: id,
    });
    const outcome = async (action: DeliveryOutcome['action']): Promise<DeliveryOutcome> => {
      const result = { action, latencyMs: now() - delivery.queuedAt };
      logDelivery(logger, delivery, result);
      return result;
    };
    if (!poster) {
      // Retrying would not help: this deployment has no credentials for that platform.
      logger.error('alert for a platform this deployment does not post to', { platform: channel.platform });
      return outcome('no-platform');
    }
    const [thread, mute] = await Promise.all([state.thread(id), options.mutes.get(channel)]);

    if (!thread) {
      // A resolution with nothing to resolve here (the alarm fired before this channel took it) is not news.
      if (alert.statusKind === 'resolved') return outcome('skipped-resolved');
      if (mute) return outcome('muted');
      const root = await pacer.paced(group, () => poster.postRoot(channel, view(alert)));
      await state.saveThread({
        id,
        channel,
        thread: root,
        alert,
        changes: [now()],
      });
      return outcome('opened');
    }

    // Events may arrive out of order: the root shows the latest status, the thread every change.
    const newer = Date.parse(alert.at) >= Date.parse(thread.alert.at);
    const sameStatus = alert.status === thread.alert.status && alert.at === thread.alert.at;
    if (sameStatus) return outcome('unchanged');
    const latest = newer ? alert : thread.alert;
    const at = now();
    const changes = [...thread.changes.filter((t) => at - t < flapWindowMs), at];
    let flapReply = thread.flapReply;
    let action: DeliveryOutcome['action'];
    if (mute) {
      action = 'muted';
    } else if (changes.length > flapChanges) {
      const line = flapLine(latest, changes.length, flapWindowMs);
      if (flapReply) {
        await poster.updateReply(channel, thread.thread, flapReply, line);
      } else {
        flapReply = await pacer.paced(group, () => poster.reply(channel, thread.thread, line));
      }
      action = 'flapping';
    } else {
      flapReply = undefined;
      await pacer.paced(group, () => poster.reply(channel, thread.thread, changeLine(alert)));
      action = 'replied';
    }
    if (newer) await poster.updateRoot(channel, thread.thread, view(latest));
    const { flapReply: _previous, ...rest } = thread;
    const next: AlertThread = { ...rest, alert: latest, changes, ...(flapReply ? { flapReply } : {}) };
    await state.saveThread(next);
    return outcome(action);
  };
}
