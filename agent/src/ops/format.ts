/**
 * Phone-sized wording the diagnostics verbs share: how long ago, a one-line sparkline with its
 * min/max/last (what a chart says, for phones and screen readers), short numbers, and the
 * `[window] [region]` words most of them take.
 */
import type { TimeWindow } from '../catalog/index.ts';
import { isRegion, parseWindow } from './words.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `4m ago`, `3h ago`, `2d ago`; `in 2d` for a time still to come. */
export function ago(at: number, now: number): string {
  const delta = now - at;
  const abs = Math.abs(delta);
  const text =
    abs < MINUTE
      ? `${Math.round(abs / 1000)}s`
      : abs < HOUR
        ? `${Math.round(abs / MINUTE)}m`
        : abs < DAY
          ? `${Math.round(abs / HOUR)}h`
          : `${Math.round(abs / DAY)}d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** Epoch ms of an AWS timestamp (ISO text or epoch seconds/ms), NaN when unreadable. */
export function timeOf(value: unknown): number {
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** `1234.5` → `1.2K`, `0.256` → `0.26`. */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  if (Number.isInteger(value)) return String(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 1 ? value.toFixed(1) : value.toFixed(2);
}

const BARS = '▁▂▃▄▅▆▇█';
/** Characters in a sparkline: short enough for a phone's line. */
const SPARK_WIDTH = 24;

/** `▁▁▂▇█▅`: the values, oldest first, squeezed to at most SPARK_WIDTH characters (each the max of its slice). */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const width = Math.min(SPARK_WIDTH, values.length);
  const buckets = Array.from({ length: width }, (_, i) => {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    return Math.max(...values.slice(from, to));
  });
  const low = Math.min(...buckets);
  const high = Math.max(...buckets);
  return buckets
    .map(
      (v) =>
        BARS[
          high === low ? (high === 0 ? 0 : 3) : Math.round(((v - low) / (high - low)) * (BARS.length - 1))
        ],
    )
    .join('');
}

/** `min 0 · max 12 · last 4`. */
export function minMaxLast(values: readonly number[]): string {
  if (values.length === 0) return 'no data';
  return `min ${shortNumber(Math.min(...values))} · max ${shortNumber(Math.max(...values))} · last ${shortNumber(values.at(-1)!)}`;
}

export interface WindowAndRegion {
  readonly window: TimeWindow;
  readonly region?: string;
  /** Words that were neither. */
  readonly rest: string[];
}

/** Reads a window (`1h`) and a region (`us-west-2`) out of the words; the rest is left. */
export function windowAndRegion(words: readonly string[], fallback: TimeWindow): WindowAndRegion {
  let window: TimeWindow | undefined;
  let region: string | undefined;
  const rest: string[] = [];
  for (const word of words) {
    const asWindow = parseWindow(word.toLowerCase());
    if (asWindow && !window) window = asWindow;
    else if (isRegion(word.toLowerCase()) && !region) region = word.toLowerCase();
    else rest.push(word);
  }
  return { window: window ?? fallback, ...(region ? { region } : {}), rest };
}

export const HOUR_WINDOW: TimeWindow = { label: '1h', ms: HOUR };
