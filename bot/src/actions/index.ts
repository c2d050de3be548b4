/**
 * The buttons the bot answers, one file each (`defineAction`: name, the schema of its value, what
 * it does as the tapper). A button is rendered from `<action>.button(label, args)` by each platform
 * (slack/buttons.ts, teams/buttons.ts); a tap reaches the action of its name through the shared
 * action pipeline (core/action-pipeline.ts), which re-authorizes the tapper first.
 */
import { actionRegistry } from '../core/chat-action.ts';
import { ask } from './ask.ts';
import { details } from './details.ts';
import { investigate } from './investigate.ts';
import { more } from './more.ts';
import { mute } from './mute.ts';
import { refresh } from './refresh.ts';

export { answerButtons } from './answer-buttons.ts';

export const CHAT_ACTIONS = actionRegistry([refresh, ask, more, details, investigate, mute]);
