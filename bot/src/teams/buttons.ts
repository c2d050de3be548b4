/**
 * Buttons as Adaptive Card actions: `Action.Execute` (Universal Actions, cards 1.4+), the action's
 * name as its verb and its value as `data.value`. A tap comes back as an `adaptiveCard/action`
 * invoke (inbound.ts mapInvoke).
 */
import type { ChatButton } from '../core/chat-action.ts';

const STYLES = { primary: 'positive', danger: 'destructive' } as const;

/** An ActionSet of the buttons, for a card's body. */
export function cardActionSet(buttons: readonly ChatButton[]): Record<string, unknown> {
  return {
    type: 'ActionSet',
    actions: buttons.map((button) => ({
      type: 'Action.Execute',
      title: button.label,
      verb: button.action,
      data: { value: button.value },
      ...(button.style ? { style: STYLES[button.style] } : {}),
    })),
  };
}
