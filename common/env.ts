/**
 * The one way CentralOps reads its settings from an environment: every config module reads through
 * `readEnv`, so a value is trimmed, empty means unset, and a bad number falls back to its default
 * the same way everywhere.
 */
import { ConfigError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface NumberOptions {
  /** Whole numbers only (counts, milliseconds). @default false */
  readonly integer?: boolean;
  /** Refuse `Infinity` (`LINK_TTL_SECONDS` has always taken it). @default true */
  readonly finite?: boolean;
}

export interface EnvReader {
  /** The value, trimmed; undefined when unset or blank. */
  text(name: string): string | undefined;
  /** The first of `names` that is set. */
  firstOf(...names: readonly string[]): string | undefined;
  /** The value as a number above 0, else `fallback` (unset, blank, not a number, 0 or less). */
  positiveNumber(name: string, fallback: number, options?: NumberOptions): number;
  /** The same, whole numbers only: counts, sizes, milliseconds. */
  positiveInteger(name: string, fallback: number): number;
  /** Comma-separated entries, trimmed, blanks dropped. */
  list(name: string): string[];
  /** AWS_REGION, else AWS_DEFAULT_REGION, else `fallback`. */
  region(): string | undefined;
  region(fallback: string): string;
}

export function readEnv(env: Env = process.env): EnvReader {
  const text = (name: string) => env[name]?.trim() || undefined;
  const reader: EnvReader = {
    text,
    firstOf: (...names) => names.map(text).find((value) => value !== undefined),
    positiveNumber(name, fallback, { integer = false, finite = true } = {}) {
      const raw = text(name);
      const value = Number(raw);
      const usable = raw !== undefined && value > 0 && (!finite || Number.isFinite(value));
      return usable && (!integer || Number.isInteger(value)) ? value : fallback;
    },
    positiveInteger: (name, fallback) => reader.positiveNumber(name, fallback, { integer: true }),
    list: (name) =>
      (env[name] ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    region: ((fallback?: string) =>
      text('AWS_REGION') ?? text('AWS_DEFAULT_REGION') ?? fallback) as EnvReader['region'],
  };
  return reader;
}

/** The value, or a ConfigError naming the variable: where a setting is required. */
export function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}
