/**
 * What an `/ops` verb is: its name, the usage and summary help is generated from, how it reads its
 * words into a plan, and how a plan runs in a turn. A verb is a file in verbs/, listed in
 * verbs/index.ts. The command line around it (`/ops`, `private`, the identity verbs the bot answers)
 * is contracts/ops-command.ts.
 */
import type { AuditStore } from '#access/audit-store.ts';
import type { ChannelPolicyWriter } from '#access/channel-policy.ts';
import type { DirectoryUser } from '#access/user-directory.ts';
import type { AccountRef, AgentEvent, AgentRequest, Rerun } from '#contracts/agent-events.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';
import type { FanOutSettings } from '../fanout/shards.ts';
import type { ToolGateway } from '../gateway.ts';
import type { MemoryTurn } from '../memory/conversation-memory.ts';

/** A malformed command: the message says what was wrong and, where it can, the nearest valid word. */
export interface Usage {
  readonly kind: 'usage';
  readonly message: string;
}

export interface VerbHelp {
  /** The word that names it after `/ops`. */
  readonly name: string;
  /** `/ops accounts`: how it is typed. */
  readonly usage: string;
  /** What it answers, in a few words. */
  readonly summary: string;
}

/** What a verb's plan may read beyond its lower-case words. */
export interface PlanContext {
  /** The target typed before the verb's name (`/ops prod changes`), for a targeted verb. */
  readonly target?: string;
  /** The same words as typed (case kept): log group names, filter text, ids, API parameters. */
  readonly raw: readonly string[];
}

export interface OpsVerb<Name extends string, Plan extends { readonly kind: Name }> extends VerbHelp {
  readonly name: Name;
  /** Other words that name it (`?` for help). @default none */
  readonly aliases?: readonly string[];
  /** Named after a target: `/ops <target> <name> …` (the target may be left to the channel's default). @default false */
  readonly targeted?: boolean;
  /**
   * Sends calls the asker wrote, which the bridge's policy may refuse once the first shard lands:
   * what the verb says before then is held back, so a refusal still reaches the asker alone
   * (private-first.ts). Verbs whose calls the catalog writes answer at once. @default false
   */
  readonly refusable?: boolean;
  /** Reads the words after the verb's name into a plan, or says what was wrong with them. */
  plan(words: readonly string[], context?: PlanContext): Plan | Usage;
  /** Runs the plan: yields the answer's events and sets what the final event says (turn.answer). */
  run(plan: Plan, turn: Turn): AsyncGenerator<AgentEvent>;
}

/** The enabled accounts and the channel's policy: what every authorization decision starts from. */
export interface Scope {
  readonly registry: Account[];
  readonly policy: ChannelPolicy | undefined;
}

/** What the turn's `final` event says; the verb that answers fills it in. */
export interface TurnAnswer {
  accounts: AccountRef[];
  regions: string[];
  summary: string;
  /** How the question can be asked again (Refresh, other environments); unset when it cannot. */
  rerun?: Rerun;
}

/** One turn as a verb runs in it: who asks, in which session, with what. */
export interface Turn {
  readonly request: AgentRequest;
  /** Enabled, read from Cognito at request time. */
  readonly user: DirectoryUser;
  /** The user's last exchanges in this thread, oldest first (their memory, no one else's). */
  readonly history: readonly MemoryTurn[];
  /** Absent when GATEWAY_URL is unset. */
  readonly gateway: ToolGateway | undefined;
  /** How fan-outs are split into bridge calls. */
  readonly fanOut: FanOutSettings;
  readonly now: () => number;
  /** Every verb, for help. */
  readonly verbs: readonly VerbHelp[];
  readonly answer: TurnAnswer;
  /** Read once per turn, on first use. */
  scope(): Promise<Scope>;
  /** Sets this channel's policy (`/ops channel allow|default`); absent where the agent may not. */
  readonly channelPolicies?: ChannelPolicyWriter;
  /** Keeps this exchange in the user's memory of the thread. */
  remember(turn: MemoryTurn): Promise<void>;
  /** Forgets the user's memory of the thread; returns how many exchanges it held. */
  forget(): Promise<number>;
  /** The audit table, for `/ops audit`; absent where none is configured. */
  readonly auditStore?: Pick<AuditStore, 'forAccount' | 'forUser' | 'forChatUser'>;
}

export function usage(message: string, verb: Pick<VerbHelp, 'usage'>): Usage {
  return { kind: 'usage', message: `${message} Usage: ${verb.usage}. Try /ops help.` };
}
