/**
 * The deterministic planner: `/ops <target> <service> [resource] [region] [filters]` and the common
 * plain phrasings of the same questions ("list ec2 instances in prod"). No model call; anything it
 * does not recognise as one of these is left to the model (`freeText`).
 */
import {
  catalogWords,
  type Filters,
  findResource,
  findService,
  type ResourceSpec,
  SERVICE_CATALOG,
  type ServiceSpec,
  type TimeWindow,
} from './catalog/index.ts';
import { nearest } from './nearest.ts';

export interface QueryPlan {
  readonly kind: 'query';
  /** Account name, alias, id, environment or `all`; absent when the question names none. */
  readonly target?: string;
  readonly service: ServiceSpec;
  readonly resource: ResourceSpec;
  /** Overrides the accounts' registered regions. */
  readonly region?: string;
  readonly filters: Filters;
}

export type Plan =
  | QueryPlan
  | { readonly kind: 'help'; readonly service?: ServiceSpec }
  | { readonly kind: 'accounts' }
  /** Malformed `/ops`: the message says what was wrong and the nearest valid word. */
  | { readonly kind: 'usage'; readonly message: string }
  /** "and in staging?": the previous query of this session with another target or region. */
  | { readonly kind: 'followUp'; readonly target?: string; readonly region?: string }
  | { readonly kind: 'freeText' };

export const OPS_USAGE = 'Usage: /ops <target> <service> [resource] [region] [filters]. Try /ops help.';

const REGION = /^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})$/;
const WINDOW = /^(\d{1,4})(m|min|mins|h|hr|hrs|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

function isRegion(word: string): boolean {
  return REGION.test(word);
}

/** `1h`, `30m`, `7d`, `2w` → a window; anything else → undefined. */
function parseWindow(word: string): TimeWindow | undefined {
  const match = WINDOW.exec(word);
  if (!match) return undefined;
  const unit = match[2]!.charAt(0) as keyof typeof UNIT_MS;
  const amount = Number(match[1]);
  if (amount <= 0 || amount * UNIT_MS[unit] > 90 * UNIT_MS.d) return undefined;
  return { label: `${amount}${unit}`, ms: amount * UNIT_MS[unit] };
}

/** Plans one request: the slash command when there is one, else the prompt. */
export function planRequest(request: { prompt: string; command?: { name: string; text: string } }): Plan {
  if (request.command) return parseOps(request.command.text);
  const prompt = request.prompt.trim();
  const slash = /^\/ops(?:\s+|$)/i.exec(prompt);
  if (slash) return parseOps(prompt.slice(slash[0].length));
  return parsePlain(prompt);
}

// ---- /ops grammar ---------------------------------------------------------------------------

function usage(message: string): Plan {
  return { kind: 'usage', message: `${message} ${OPS_USAGE}` };
}

function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = nearest(word, candidates);
  return match ? ` Did you mean "${match}"?` : '';
}

function resourceWords(service: ServiceSpec): string[] {
  return service.resources.flatMap((r) => [r.resource, ...r.aliases, ...(r.states ?? [])]);
}

function parseOps(text: string): Plan {
  const tokens = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [first, second] = tokens;
  if (first === undefined || first === 'help' || first === '?') {
    if (second === undefined) return { kind: 'help' };
    const service = findService(second);
    return service
      ? { kind: 'help', service }
      : usage(`Unknown service "${second}".${didYouMean(second, catalogWords())}`);
  }
  if (first === 'accounts' && tokens.length === 1) return { kind: 'accounts' };

  // `/ops ec2` names no target: the channel's default account answers, or the user is asked.
  const serviceFirst =
    findService(first) !== undefined && (second === undefined || findService(second) === undefined);
  const target = serviceFirst ? undefined : first;
  const rest = serviceFirst ? tokens : tokens.slice(1);
  const serviceWord = rest[0];
  if (serviceWord === undefined) return usage(`Name a service after "${first}".`);
  const service = findService(serviceWord);
  if (!service) return usage(`Unknown service "${serviceWord}".${didYouMean(serviceWord, catalogWords())}`);
  return buildQuery(service, target, rest.slice(1), (word) =>
    usage(`Unknown word "${word}" for ${service.title}.${didYouMean(word, resourceWords(service))}`),
  );
}

/** Reads [resource] [region] [filters] in any order; `onUnknown` decides what a stray word means. */
function buildQuery(
  service: ServiceSpec,
  target: string | undefined,
  words: readonly string[],
  onUnknown: (word: string) => Plan,
): Plan {
  let resource: ResourceSpec | undefined;
  let region: string | undefined;
  let window: TimeWindow | undefined;
  let name: string | undefined;
  const stateWords: string[] = [];
  for (const word of words) {
    const named = /^name=(.+)$/.exec(word);
    const asResource = findResource(service, word);
    const asWindow = parseWindow(word);
    if (named) name = named[1];
    else if (asResource && !resource) resource = asResource;
    else if (isRegion(word)) region = word;
    else if (asWindow) window = asWindow;
    else if (word === 'last' || word === 'in' || word === 'for') continue;
    else if (service.resources.some((r) => r.states?.includes(word))) stateWords.push(word);
    else return onUnknown(word);
  }
  // A window or state word picks the resource it belongs to: `/ops all lambda 1h` → errors.
  resource ??=
    service.resources.find((r) => (window && r.windowed) || stateWords.some((s) => r.states?.includes(s))) ??
    service.resources[0];
  const state = stateWords.at(-1);
  if (state && !resource.states?.includes(state)) {
    return onUnknown(state);
  }
  if (window && !resource.windowed) {
    return usage(
      `A time window applies to ${windowedNames().join(', ')}, not ${service.service} ${resource.resource}.`,
    );
  }
  const filters: Filters = {
    ...(state ? { state } : {}),
    ...(window ? { window } : {}),
    ...(name ? { name } : {}),
  };
  return {
    kind: 'query',
    service,
    resource,
    filters,
    ...(target ? { target } : {}),
    ...(region ? { region } : {}),
  };
}

function windowedNames(): string[] {
  return SERVICE_CATALOG.flatMap((s) =>
    s.resources.filter((r) => r.windowed).map((r) => `${s.service} ${r.resource}`),
  );
}

// ---- plain phrasings ------------------------------------------------------------------------

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

function parsePlain(prompt: string): Plan {
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

  const plan = buildQuery(service, target, words, () => ({ kind: 'freeText' }));
  return plan;
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
