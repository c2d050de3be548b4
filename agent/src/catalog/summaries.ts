/**
 * Reading AWS API responses into short summaries. Tool output is untrusted data, so every read is
 * defensive: a missing or mistyped field reads as empty, never as an exception.
 */
import type { Filters, ResourceSpec, Summary, TimeWindow } from './types.ts';

/**
 * Detail lines sent per account+region before "… and N more". The chat shows the first ones and
 * keeps the rest behind Show more / Details (bot/src/core/answer.ts).
 */
const MAX_DETAIL_LINES = 100;

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

/** Cuts detail lines to MAX_DETAIL_LINES, saying how many were left out. */
export function capLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return [...lines];
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}

/** Counts by value, most frequent first. */
function countBy(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
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
  const states = describe.state ? countBy(kept.map(describe.state)) : [];
  const byState = states.map(([value, count]) => `${count} ${value}`).join(', ');
  return {
    summary: `${plural(kept.length, describe.noun)}${byState ? ` (${byState})` : ''}`,
    lines: capLines(kept.map(describe.line)),
    tally: {
      noun: describe.noun,
      total: kept.length,
      ...(describe.state ? { states: Object.fromEntries(states) } : {}),
    },
  };
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
}): ResourceSpec {
  const [service, operation] = spec.lists.split('.') as [string, string];
  return {
    resource: spec.resource,
    aliases: spec.aliases,
    description: spec.description,
    ...(spec.globalRegion ? { globalRegion: spec.globalRegion } : {}),
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
