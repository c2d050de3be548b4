/**
 * Buttons as Block Kit: one `actions` block of `button` elements. Slack wants each action_id unique
 * within its block, so the action's name gets the button's place (`refresh:0`); the ack path reads
 * the name back (inbound.ts), the place means nothing.
 */
import type { types } from '@slack/bolt';
import type { ChatButton } from '../core/chat-action.ts';

/** `refresh:0` → `refresh`; undefined when the id is not one of ours. */
export const BUTTON_ACTION_ID = /^([a-z][a-z0-9-]{0,31})(?::\d{1,2})?$/;

export function actionsBlock(buttons: readonly ChatButton[], blockId?: string): types.ActionsBlock {
  return {
    type: 'actions',
    ...(blockId ? { block_id: blockId } : {}),
    elements: buttons.map((button, index) => ({
      type: 'button',
      action_id: `${button.action}:${index}`,
      text: { type: 'plain_text', text: button.label.slice(0, 75), emoji: true },
      value: button.value,
      ...(button.style ? { style: button.style } : {}),
    })),
  };
}
