/**
 * What a request asks, read without a model: an `/ops` command (the slash command the adapter
 * passes, or `/ops …` typed in the prompt) planned by its verb, else a plain phrasing (plain.ts).
 */
import { IDENTITY_VERBS, opsCommandText, opsWords } from '#contracts/ops-command.ts';
import { type FollowUp, type FreeText, parsePlain } from './plain.ts';
import { type Usage, usage } from './verb.ts';
import { DEFAULT_VERB, type VerbPlan, verbNamed } from './verbs/index.ts';

export type Plan = VerbPlan | FollowUp | FreeText | Usage;

/** Plans one request: the slash command when there is one, else the prompt. */
export function planRequest(request: { prompt: string; command?: { name: string; text: string } }): Plan {
  if (request.command) return planOps(request.command.text);
  const command = opsCommandText(request.prompt);
  return command === undefined ? parsePlain(request.prompt.trim()) : planOps(command);
}

function planOps(text: string): Plan {
  const words = opsWords(text);
  const raw = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'help' };
  if (Object.hasOwn(IDENTITY_VERBS, first)) {
    const verb = IDENTITY_VERBS[first as keyof typeof IDENTITY_VERBS];
    return usage(`${verb.usage} is answered by your chat app: send it there, on its own.`, verb);
  }
  const verb = verbNamed(first);
  if (verb) return verb.plan(rest, { raw: raw.slice(1) });
  // `/ops prod changes 1h`: a targeted verb named after its target.
  const targeted = rest[0] === undefined ? undefined : verbNamed(rest[0]);
  if (targeted && 'targeted' in targeted && targeted.targeted)
    return targeted.plan(rest.slice(1), { target: first, raw: raw.slice(2) });
  return DEFAULT_VERB.plan(words);
}
