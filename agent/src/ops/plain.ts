/**
 * Plain phrasings of the questions `/ops` answers ("list ec2 instances in prod", "and in
 * staging?"), read without a model call. Anything else is left to the model (`freeText`).
 */
import { findResource, findService, SERVICE_CATALOG, type ServiceSpec } from '../catalog/index.ts';
import type { QueryPlan } from './query-plan.ts';
import type { Usage } from './verb.ts';
import type { HelpPlan } from './verbs/help.ts';
import { buildQuery } from './verbs/query.ts';
import { isRegion, parseWindow } from './words.ts';

/** "and in staging?": the previous query of this session with another target or region. */
export interface FollowUp {
  readonly kind: 'followUp';
  readonly target?: string;
  readonly region?: string;
}

/** Not a question the planner reads: the model answers it. */
export interface FreeText {
  readonly kind: 'freeText';
}

export type PlainPlan = QueryPlan | HelpPlan | FollowUp | FreeText | Usage;

/** Words that carry no meaning in "show me the ec2 instances in prod". */
const FILLER = new Set(
  (
    'list show me get give display describe what whats which are is there the a an my our of do we have how many ' +
    'please any current currently all see tell about with status can you could would i want to find'
  ).split(' '),
);
const PREPOSITIONS = new Set(['in', 'on', 'for', 'from', 'at', 'across', 'within', 'inside']);
const FOLLOW_UP = /^(?:and|what about|how about|same for|same in|now)\b\s*(?:(?:in|for|on)\s+)?(.+)$/;
/** Asking to change something: never answered by the read-only planner; the model explains. */
const MUTATING = new Set(
  'delete remove terminate stop start reboot restart create update modify put scale kill drop purge'.split(
    ' ',
  ),
);

/** Multi-word names and time phrases, folded to single tokens before reading word by word. */
const PHRASES: readonly [RegExp, string][] = [
  [/\bhosted zones?\b/g, 'zones'],
  [/\bsecurity groups?\b/g, 'security-groups'],
  [/\broute ?53\b/g, 'route53'],
  [/\bcloud ?formation\b/g, 'cloudformation'],
  [/\bcost explorer\b/g, 'cost'],
  [/\bcloud ?watch\b/g, 'cloudwatch'],
  [
    /\b(?:across|in|on|for|from)?\s*(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+|my\s+)?accounts?\b/g,
    ' @all ',
  ],
  [/\beverywhere\b/g, ' @all '],
  [
    /\b(?:in|over|during|for)?\s*(?:the\s+)?(?:last|past)\s+(\d+)\s*(minute|min|hour|hr|day|week)s?\b/g,
    ' ~$1$2 ',
  ],
  [/\b(?:in|over|during|for)?\s*(?:the\s+)?(?:last|past)\s+(minute|hour|day|week)\b/g, ' ~1$1 '],
  [/\btoday\b/g, ' ~1day '],
];

const WINDOW_UNITS: Record<string, string> = {
  minute: 'm',
  min: 'm',
  hour: 'h',
  hr: 'h',
  day: 'd',
  week: 'w',
};

function normalise(prompt: string): string[] {
  let text = prompt
    .toLowerCase()
    .replace(/<@[^>]+>/g, ' ')
    .replace(/@centralops\b/g, ' ');
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text
    .replace(/[?!.,;:()"']/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const window = /^~(\d+)(minute|min|hour|hr|day|week)$/.exec(word);
      return window ? `${window[1]}${WINDOW_UNITS[window[2]!]}` : word;
    });
}

/** A plain question as a query, a follow-up of the last one, help, or free text for the model. */
export function parsePlain(prompt: string): PlainPlan {
  const tokens = normalise(prompt);
  if (tokens.length === 0) return { kind: 'help' };
  if (tokens.some((t) => MUTATING.has(t))) return { kind: 'freeText' };

  const followUp = FOLLOW_UP.exec(tokens.join(' '));
  if (followUp && !tokens.some((t) => findService(t))) {
    const words = followUp[1]!
      .split(' ')
      .filter((w) => !FILLER.has(w) && !PREPOSITIONS.has(w) && w !== 'then');
    if (words.length >= 1 && words.length <= 2) {
      const region = words.find(isRegion);
      const target = words.find((w) => !isRegion(w));
      return {
        kind: 'followUp',
        ...(target ? { target: target === '@all' ? 'all' : target } : {}),
        ...(region ? { region } : {}),
      };
    }
    return { kind: 'freeText' };
  }

  const serviceIndex = tokens.findIndex((t) => serviceOf(t));
  if (serviceIndex < 0) return { kind: 'freeText' };
  const service = serviceOf(tokens[serviceIndex]!)!;

  let target: string | undefined;
  const words: string[] = [];
  const leftovers: { word: string; index: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    if (i === serviceIndex) {
      if (!findService(word)) words.push(word); // found through its resource: keep the resource
      continue;
    }
    if (word === '@all') {
      target = 'all';
    } else if (word === 'named' || word === 'called' || word === 'matching' || word === 'containing') {
      const next = tokens[++i];
      if (next) words.push(`name=${next}`);
    } else if (PREPOSITIONS.has(word)) {
      const next = tokens[i + 1];
      if (next && !isKnownWord(service, next) && !FILLER.has(next) && next !== '@all') {
        if (isRegion(next)) words.push(next);
        else target = next;
        i++;
      }
    } else if (isKnownWord(service, word)) {
      words.push(word);
    } else if (!FILLER.has(word)) {
      leftovers.push({ word, index: i });
    }
  }
  // "show prod s3 buckets": one unknown word before the service is the target.
  const [only, ...more] = leftovers;
  if (only && more.length === 0 && !target && only.index < serviceIndex) target = only.word;
  else if (leftovers.length > 0) return { kind: 'freeText' };

  return buildQuery(service, target, words, (): FreeText => ({ kind: 'freeText' }));
}

/** A service word, or a resource word that only one service has ("security-groups" → EC2). */
function serviceOf(word: string): ServiceSpec | undefined {
  const direct = findService(word);
  if (direct) return direct;
  const owners = SERVICE_CATALOG.filter((s) => findResource(s, word));
  return owners.length === 1 ? owners[0] : undefined;
}

function isKnownWord(service: ServiceSpec, word: string): boolean {
  return (
    findService(word) === service ||
    findResource(service, word) !== undefined ||
    isRegion(word) ||
    parseWindow(word) !== undefined ||
    word.startsWith('name=') ||
    service.resources.some((r) => r.states?.includes(word))
  );
}
