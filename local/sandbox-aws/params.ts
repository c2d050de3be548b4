/** Request parameters as the sandbox reads them: case- and separator-insensitive names, typed reads. */
import { AwsApiError } from './errors.ts';
import { toEpochMs } from './script.ts';

/** A parameter or operation name without case or separators. */
export function normalize(name: string): string {
  return name.replace(/[-_]/g, '').toLowerCase();
}

/** Case- and separator-insensitive access to request parameters (CLI flags arrive as DbInstanceIdentifier). */
export class Params {
  readonly #byKey = new Map<string, unknown>();

  constructor(params: Readonly<Record<string, unknown>>) {
    for (const [key, value] of Object.entries(params)) this.#byKey.set(normalize(key), value);
  }

  get(name: string): unknown {
    return this.#byKey.get(normalize(name));
  }

  string(name: string): string | undefined {
    const value = this.get(name);
    return typeof value === 'string'
      ? value
      : Array.isArray(value) && typeof value[0] === 'string'
        ? value[0]
        : undefined;
  }

  list(name: string): string[] {
    const value = this.get(name);
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).map(String);
  }

  records(name: string): Record<string, unknown>[] {
    const value = this.get(name);
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return items.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  }

  time(name: string, required = true): number | undefined {
    const raw = this.get(name);
    const ms = toEpochMs(raw);
    if (ms === undefined && (required || raw !== undefined)) {
      throw new AwsApiError('ValidationError', `Parameter ${name} is required and must be a timestamp.`);
    }
    return ms;
  }
}

/** One page of `items` after the offset a base64 `tokenName` carries, and the next page's token. */
export function pageOf<T>(items: readonly T[], p: Params, limit: number, tokenName: string) {
  const offset = Number(Buffer.from(p.string(tokenName) ?? '', 'base64').toString() || 0);
  const page = items.slice(offset, offset + limit);
  const next =
    offset + limit < items.length ? Buffer.from(String(offset + limit)).toString('base64') : undefined;
  return { page, next };
}
