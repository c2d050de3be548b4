/** Reading settings from the environment: the helpers every config reader of the bot shares. */
import { BotConfigError } from './errors.ts';

/** The value, or a clear error naming the variable: used where a setting is required. */
export function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new BotConfigError(`${name} is not set`);
  return value;
}

/**
 * `value` as a number above 0, else undefined (unset, empty, not a number, 0 or less).
 * `finite: false` also takes `Infinity`, as LINK_TTL_SECONDS always has.
 */
export function positiveNumber(
  value: string | undefined,
  { finite = true }: { readonly finite?: boolean } = {},
): number | undefined {
  const number = Number(value);
  return number > 0 && (!finite || Number.isFinite(number)) ? number : undefined;
}
