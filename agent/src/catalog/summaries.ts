/**
 * Reading AWS API responses into short summaries. Tool output is untrusted data, so every read is
 * defensive: a missing or mistyped field reads as empty, never as an exception.
 */

import type { Tally } from '#contracts/agent-events.ts';
import type { ShapeInput } from '#contracts/bridge-tools/index.ts';
import type { Filters, ResourceShape, ResourceSpec, Summary, TimeWindow } from './types.ts';

/**
 * Detail lines sent per account+region before "… and N more". The chat shows the first ones and
 * keeps the rest behind Show more / Details (bot/src/core/answer.ts).
 */
const MAX_DETAIL_LINES = 100;

/** Items a fan-out's bridge shape brings per account-region: what the chat shows before Show more. */
const SHAPED_MAX_ITEMS = 10;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects of the response's `key` list. */
export function records(response: unknown, key: string): Json[] {
  return arr(obj(response)[key]).map(obj);
}

export function str(value: unknown, fallback = '?'): string {
  return typeof value === 'string' && value.length > 0
    ? value
    : typeof value === 'number'
      ? String(value)
      : fallback;
}

/** The value of an AWS resource tag (`Tags: [{ Key, Value }]`). */
export function tag(item: Json, key: string): string | undefined {
  const found = arr(item.Tags)
    .map(obj)
    .find((t) => t.Key === key);
  return typeof found?.Value === 'string' ? found.Value : undefined;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

export function matchesName(name: string, filters: Filters): boolean {
  return !filters.name || name.toLowerCase().includes(filters.name.toLowerCase());
}

/** Cuts detail lines to MAX_DETAIL_LINES, saying how many were left out (`omitted` more beyond them). */
export function capLines(lines: readonly string[], omitted = 0): string[] {
  const more = Math.max(0, lines.length - MAX_DETAIL_LINES) + omitted;
  return more === 0 ? [...lines] : [...lines.slice(0, MAX_DETAIL_LINES), `… and ${more} more`];
}

/** Counts by value, most frequent first. */
function countBy(values: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return mostFirst(counts.entries());
}

/** Counts in one order wherever they were counted: most frequent first, then by name. */
function mostFirst(counts: Iterable<[string, number]>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** "3 instances (2 running, 1 stopped)" */
export function tallySummary(tally: Tally): string {
  const states = Object.entries(tally.states ?? {})
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  return `${plural(tally.total, tally.noun)}${states ? ` (${states})` : ''}`;
}

export interface ItemsSummary<T> {
  /** What the name filter (`name=…`) is matched against. */
  readonly name: (item: T) => string;
  /** One short line per item. */
  readonly line: (item: T) => string;
  /** `instance`: counted in the summary. */
  readonly noun: string;
  /** Counted by value in the summary: "3 instances (2 running, 1 stopped)". */
  readonly state?: (item: T) => string;
}

/** Items that match the name filter: their count (and states) in one line, one detail line each. */
export function summarizeItems<T>(items: readonly T[], filters: Filters, describe: ItemsSummary<T>): Summary {
  const kept = items.filter((item) => matchesName(describe.name(item), filters));
  const tally: Tally = {
    noun: describe.noun,
    total: kept.length,
    ...(describe.state ? { states: countBy(kept.map(describe.state)) } : {}),
  };
  return { summary: tallySummary(tally), lines: capLines(kept.map(describe.line)), tally };
}

/** The bridge's `shape` for a resource: its items, fields and counts, the `name=` filter as a match. */
export function shapeFor(shape: ResourceShape, filters: Filters): ShapeInput {
  return {
    items: shape.items,
    fields: [...shape.fields],
    ...(shape.countBy ? { count_by: shape.countBy } : {}),
    ...(filters.name ? { match: { fields: [...shape.nameFields], contains: filters.name } } : {}),
    max_items: SHAPED_MAX_ITEMS,
  };
}

/** What the bridge answers for a shaped account-region: the items it kept, and all of them counted. */
export interface ShapedAnswer {
  readonly response: unknown;
  readonly total: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly omitted: number;
}

/**
 * A shaped answer summarized: the detail lines from the items kept (read as a whole response), the
 * count from the bridge's totals, which cover every matching item.
 */
export function summarizeShaped(resource: ResourceSpec, answer: ShapedAnswer, filters: Filters): Summary {
  const kept = resource.summarize(answer.response, filters);
  const tally: Tally = {
    noun: resource.shape?.noun ?? kept.tally?.noun ?? 'item',
    total: answer.total,
    ...(answer.counts ? { states: mostFirst(Object.entries(answer.counts)) } : {}),
  };
  return { summary: tallySummary(tally), lines: capLines(kept.lines, answer.omitted), tally };
}

/** A list of named things: "4 buckets" + one line each. */
export function listSummary(names: readonly string[], noun: string, filters: Filters): Summary {
  return summarizeItems(names, filters, { name: (name) => name, line: (name) => name, noun });
}

/** A resource one call with no parameters lists, read as names: `ListBuckets` → "4 buckets". */
export function listResource(spec: {
  readonly resource: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly globalRegion?: string;
  /** `service.Operation`, botocore's names: `s3.ListBuckets`. */
  readonly lists: `${string}.${string}`;
  readonly names: (response: unknown) => string[];
  readonly noun: string;
  /** Where the listed items are and the field holding their name: `Buckets[]`, `Name`. */
  readonly shape?: { readonly items: string; readonly name: string };
}): ResourceSpec {
  const [service, operation] = spec.lists.split('.') as [string, string];
  return {
    resource: spec.resource,
    aliases: spec.aliases,
    description: spec.description,
    ...(spec.globalRegion ? { globalRegion: spec.globalRegion } : {}),
    ...(spec.shape
      ? {
          shape: {
            items: spec.shape.items,
            fields: [spec.shape.name],
            nameFields: [spec.shape.name],
            noun: spec.noun,
          },
        }
      : {}),
    call: () => ({ service, operation, params: {} }),
    summarize: (response, filters) => listSummary(spec.names(response), spec.noun, filters),
  };
}

/** The last segment of an ARN or URL: the readable name. */
export function lastSegment(value: string): string {
  return value.split(/[/:]/).pop() ?? value;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function windowOf(filters: Filters, fallback: TimeWindow): TimeWindow {
  return filters.window ?? fallback;
}
