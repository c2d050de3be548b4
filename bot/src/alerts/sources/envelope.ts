/**
 * The EventBridge envelope every source shares (docs.aws.amazon.com/eventbridge/latest/userguide/
 * eb-events-structure.html), validated before any field is read: the event is hostile input like
 * any other, whatever bus it came through.
 */
import { z } from 'zod';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';

export const envelope = z.looseObject({
  version: z.string().max(8),
  id: z.string().min(1).max(128),
  'detail-type': z.string().max(128),
  source: z.string().max(256),
  account: z.string().regex(ACCOUNT_ID),
  time: z.string().max(64),
  region: z.string().regex(REGION),
  resources: z.array(z.string().max(2048)).max(100).optional(),
  detail: z.looseObject({}),
});

export type Envelope = z.output<typeof envelope>;

/** Short text: a string (or number) of at most `max` characters, else undefined. */
export function text(max = 2048) {
  return z.union([z.string(), z.number().transform(String)]).pipe(z.string().max(max));
}

/** A date the sources write in several ways (ISO 8601, RFC 1123), as ISO 8601; `fallback` when unreadable. */
export function isoDate(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  // CloudWatch writes `2019-10-02T17:04:40.989+0000`, which Date does not read without the colon.
  const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}

export function consoleHost(region: string): string {
  return `https://${region}.console.aws.amazon.com`;
}
