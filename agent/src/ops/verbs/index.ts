/**
 * The agent's `/ops` verbs, one file each. A command's first word names its verb; anything else is
 * the default verb, query (`/ops <target> <service> …`). Help lists them all, with the identity
 * verbs the bot answers (contracts/ops-command.ts).
 */
import type { AgentEvent } from '#contracts/agent-events.ts';
import { privateFirst } from '../private-first.ts';
import type { Turn } from '../verb.ts';
import { accounts } from './accounts.ts';
import { audit } from './audit.ts';
import { aws } from './aws.ts';
import { changes } from './changes.ts';
import { channel } from './channel.ts';
import { describe } from './describe.ts';
import { ecs } from './ecs.ts';
import { forget } from './forget.ts';
import { health } from './health.ts';
import { help } from './help.ts';
import { logs } from './logs.ts';
import { metric } from './metric.ts';
import { query } from './query.ts';
import { regions } from './regions.ts';
import { targets } from './targets.ts';

/** Named verbs first; the default verb last. */
export const OPS_VERBS = [
  help,
  accounts,
  regions,
  channel,
  forget,
  audit,
  changes,
  logs,
  metric,
  health,
  describe,
  ecs,
  targets,
  aws,
  query,
] as const;

/** The verb `/ops <words>` asks for when no other verb's name comes first. */
export const DEFAULT_VERB = query;

type Verb = (typeof OPS_VERBS)[number];

/** A plan one of the verbs made. */
export type VerbPlan = Exclude<ReturnType<Verb['plan']>, { readonly kind: 'usage' }>;

/** The verb a command's first word names, if any (the default verb has no word). */
export function verbNamed(word: string): Verb | undefined {
  return OPS_VERBS.find(
    (verb) =>
      verb !== DEFAULT_VERB && (verb.name === word || ('aliases' in verb && verb.aliases?.includes(word))),
  );
}

/** Runs a plan with the verb that made it. */
export function runPlan(plan: VerbPlan, turn: Turn): AsyncGenerator<AgentEvent> {
  const verb = OPS_VERBS.find((candidate) => candidate.name === plan.kind)!;
  // The plan's kind is its verb's name: the pairing is checked by each verb's OpsVerb type.
  const events = (verb.run as (plan: VerbPlan, turn: Turn) => AsyncGenerator<AgentEvent>)(plan, turn);
  return privateFirst(events, verb.refusable ?? false);
}
