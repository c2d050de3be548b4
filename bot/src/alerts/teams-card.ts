/**
 * An alert's root message in Teams: an Adaptive Card 1.5 laid out for a phone (headline in the
 * status' colour, reason, facts, console link). Text from the event is neutralized for Teams'
 * markdown: it cannot become a link or a mention.
 */
import { cardActionSet } from '../teams/buttons.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, type TeamsAttachment } from '../teams/render.ts';
import type { AlertStatusKind } from './alert.ts';
import { alertButtons } from './alert-buttons.ts';
import { facts, headline, sourceTitle } from './alert-text.ts';
import type { RootView } from './channel-poster.ts';

const COLOR: Readonly<Record<AlertStatusKind, string>> = {
  firing: 'attention',
  resolved: 'good',
  info: 'accent',
};

/** Markdown and HTML control characters, escaped: `[x](url)`, `<at>` and `**` stay text. */
export function teamsEscape(text: string): string {
  return text
    .replace(/[\\`*_[\]()#+!|]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function alertCard(view: RootView): TeamsAttachment {
  const { alert } = view;
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      msteams: { width: 'Full' },
      body: [
        {
          type: 'TextBlock',
          text: teamsEscape(headline(alert)),
          weight: 'Bolder',
          size: 'Medium',
          color: COLOR[alert.statusKind],
          wrap: true,
        },
        ...(alert.summary ? [{ type: 'TextBlock', text: teamsEscape(alert.summary), wrap: true }] : []),
        {
          type: 'FactSet',
          facts: facts(alert, view.accountLabel).map((fact) => ({
            title: fact.label,
            value: teamsEscape(fact.value),
          })),
        },
        { type: 'TextBlock', text: sourceTitle(alert), isSubtle: true, size: 'Small', wrap: true },
        cardActionSet(alertButtons(alert)),
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Open in the AWS console', url: alert.consoleUrl }],
    },
  };
}

/** The plain text beside the card (the notification preview). */
export function alertCardText(view: RootView): string {
  return teamsEscape(`${headline(view.alert)} · ${view.accountLabel} · ${view.alert.region}`);
}
