/**
 * An alert's root message in Slack: Block Kit laid out for a phone (headline, reason, facts, source
 * and console link), a plain-text fallback for notifications, and message metadata saying which
 * alert and status it shows. Every field from the event is escaped: an alarm named `<!channel>`
 * must not ping anyone.
 */
import type { KnownBlock, MessageMetadata } from '@slack/web-api';
import { escapeMrkdwn } from '../slack/blocks.ts';
import { actionsBlock } from '../slack/buttons.ts';
import { alertButtons } from './alert-buttons.ts';
import { facts, headline, sourceTitle } from './alert-text.ts';
import type { RootView } from './channel-poster.ts';

/** Message metadata of an alert's root (and what the local chat page reads). */
export const ALERT_EVENT_TYPE = 'centralops_alert';

export function alertFallbackText(view: RootView): string {
  return escapeMrkdwn(`${headline(view.alert)} · ${view.accountLabel} · ${view.alert.region}`);
}

export function alertBlocks(view: RootView): KnownBlock[] {
  const { alert } = view;
  return [
    { type: 'header', text: { type: 'plain_text', text: headline(alert).slice(0, 150), emoji: true } },
    ...(alert.summary
      ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: escapeMrkdwn(alert.summary) } }]
      : []),
    {
      type: 'section',
      fields: facts(alert, view.accountLabel).map((fact) => ({
        type: 'mrkdwn' as const,
        text: `*${fact.label}*\n${escapeMrkdwn(fact.value)}`,
      })),
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${sourceTitle(alert)} · <${alert.consoleUrl.replace(/[|>]/g, encodeURIComponent)}|Open in the AWS console>`,
        },
      ],
    },
    actionsBlock(alertButtons(alert), 'alert-actions'),
  ];
}

export function alertMetadata(view: RootView): MessageMetadata {
  return {
    event_type: ALERT_EVENT_TYPE,
    event_payload: {
      source: view.alert.source,
      status: view.alert.status,
      status_kind: view.alert.statusKind,
      thread: view.threadId,
    },
  };
}
