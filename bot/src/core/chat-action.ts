/**
 * Buttons: a tap as the platform-neutral ChatAction the shared action pipeline runs (Slack
 * `block_actions`, Teams `Action.Execute`), what an action is (a name, the schema of its button's
 * value, what it does as the tapper), and a button as an answer carries it. Who tapped, and where,
 * come from the platform's verified envelope only; the button's value is the one field its sender
 * chose, so it is hostile: sized, parsed by the action's own schema, never read for identity.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';
import type { ChatPlatformId } from '#contracts/chat-platforms.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';
import type { ChannelMutes } from './channel-mutes.ts';
import type { ChatButton } from './chat-button.ts';
import type { KeptAnswers } from './kept-answers.ts';
import type { PrivateNotifier, ReplyStream } from './reply-stream.ts';

export type { ChatButton } from './chat-button.ts';

/** Slack's limit on a button's value; Teams' `data.value` is held to the same. */
export const MAX_ACTION_VALUE_CHARS = 2_000;

/** An action's name: Slack `action_id`, Teams `verb`. */
export const ACTION_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export interface ChatAction {
  readonly platform: ChatPlatformId;
  /** Dedupe key: Slack `trigger_id`, Teams invoke activity id. */
  readonly deliveryId: string;
  /** The tapper's own workspace (Slack: their team, `user.team_id` in a Slack Connect channel; Teams: the tenant). */
  readonly workspaceId: string;
  /** The conversation's workspace when it is not the tapper's; its channel policy is read there. @default workspaceId */
  readonly conversationWorkspaceId?: string;
  /** Slack user id, Teams `from.aadObjectId`: the tapper, never the message's author. */
  readonly userId: string;
  readonly channelId: string;
  /** The thread the tapped message is in (its root), as ChatEvent.threadId names threads. */
  readonly threadId: string;
  /** The conversation that thread continues, as ChatEvent.conversationThreadId. @default threadId */
  readonly conversationThreadId?: string;
  /** The tapped message: Slack `ts`, Teams activity id. */
  readonly messageId: string;
  /** The tapped message is the tapper's alone (a Slack ephemeral note). */
  readonly private: boolean;
  /** The action the button names (ACTION_NAME). */
  readonly name: string;
  /** The button's value as sent, at most MAX_ACTION_VALUE_CHARS: untrusted until its action parses it. */
  readonly value: string;
  /** Platform details the worker needs again (Slack response_url, …). */
  readonly platformContext: Readonly<Record<string, string>>;
}

/** What the tapper may read where they tapped, read at tap time (Cognito groups, the channel's policy). */
export interface ActionAccess {
  readonly groups: readonly string[];
  readonly policy: ChannelPolicy | undefined;
  /**
   * Splits these account ids by the agent's own rule (access/authorize.ts): a group of the tapper's
   * grants it and the channel allows its environment. Unknown or disabled ids are refused.
   */
  authorize(accountIds: readonly string[]): Promise<{
    readonly allowed: readonly Account[];
    readonly refused: readonly { readonly accountId: string; readonly reason: string }[];
  }>;
}

/** Where an action answers. */
export interface ActionReplies {
  /** Replaces the tapped message in place (through response_url when it was the tapper's alone). */
  replaceMessage(): ReplyStream;
  /** A new message in the tapped message's thread (privately when the tapped one was private). */
  inThread(): ReplyStream;
  /** A note only the tapper sees. */
  readonly notifier: PrivateNotifier;
  /** A file in the tapped message's thread (Slack: a snippet; Teams: its text in messages). */
  attach(filename: string, content: string): Promise<void>;
}

/** A question asked again, as the tapper. */
export interface ActionQuestion {
  readonly prompt: string;
  /** The prompt is an `/ops` command line (without `/ops`). @default false */
  readonly command?: boolean;
}

/** One tap as its action runs it: everything about the tapper was established again just now. */
export interface ActionTurn {
  readonly action: ChatAction;
  /** The tapper, from their own link (identities table → Cognito), enabled. */
  readonly user: { readonly cognitoUsername: string; readonly cognitoSub: string };
  readonly access: ActionAccess;
  readonly replies: ActionReplies;
  /** Answers kept for their buttons (Show more, Details); absent where none are kept. */
  readonly keptAnswers?: KeptAnswers;
  /** The channels' mutes (Mute 1h). */
  readonly channelMutes: ChannelMutes;
  /**
   * Asks as the tapper in the tapped message's thread, streaming into `reply`: the question pipeline
   * runs it as if they had typed it there (their link again, the agent's own authorization).
   */
  ask(question: ActionQuestion, reply: ReplyStream): Promise<void>;
  readonly logger: Logger;
}

export interface ChatActionDefinition<Args = unknown> {
  readonly name: string;
  /** The button's value as this action's arguments; undefined when it is not one of its own. */
  parse(value: string): Args | undefined;
  run(args: Args, turn: ActionTurn): Promise<void>;
  /** A button that runs this action with `args`. */
  button(label: string, args: Args, style?: ChatButton['style']): ChatButton;
}

export interface ActionSpec<Schema extends z.ZodMiniType> {
  /** ACTION_NAME: lower case, digits and dashes, at most 32 characters. */
  readonly name: string;
  /** The shape of the arguments, every field bounded: the value arrives as JSON of it. */
  readonly schema: Schema;
  run(args: z.infer<Schema>, turn: ActionTurn): Promise<void>;
}

/** An action whose button value is the JSON of `schema`, checked in both directions. */
export function defineAction<Schema extends z.ZodMiniType>(
  spec: ActionSpec<Schema>,
): ChatActionDefinition<z.infer<Schema>> {
  if (!ACTION_NAME.test(spec.name))
    throw new Error(`action name "${spec.name}" does not match ${ACTION_NAME}`);
  return {
    name: spec.name,
    parse(value) {
      if (value.length > MAX_ACTION_VALUE_CHARS) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return undefined;
      }
      const parsed = spec.schema.safeParse(json);
      return parsed.success ? parsed.data : undefined;
    },
    run: (args, turn) => spec.run(args, turn),
    button(label, args, style) {
      const value = JSON.stringify(z.parse(spec.schema, args));
      if (value.length > MAX_ACTION_VALUE_CHARS) {
        throw new Error(`the ${spec.name} button's value is over ${MAX_ACTION_VALUE_CHARS} characters`);
      }
      return { action: spec.name, label, value, ...(style ? { style } : {}) };
    },
  };
}

/** The actions the bot answers, by name. */
export type ActionRegistry = ReadonlyMap<string, ChatActionDefinition<unknown>>;

/** The registry of `definitions`; two with one name is a programming error. */
export function actionRegistry(definitions: readonly ChatActionDefinition<unknown>[]): ActionRegistry {
  const registry = new Map<string, ChatActionDefinition<unknown>>();
  for (const definition of definitions) {
    if (registry.has(definition.name)) throw new Error(`two actions are named "${definition.name}"`);
    registry.set(definition.name, definition);
  }
  return registry;
}
