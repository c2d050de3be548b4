/** Words every `/ops` reading shares: regions, time windows, "did you mean". */
import type { TimeWindow } from '../catalog/index.ts';
import { nearest } from '../nearest.ts';

const REGION = /^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})$/;
const WINDOW = /^(\d{1,4})(m|min|mins|h|hr|hrs|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function isRegion(word: string): boolean {
  return REGION.test(word);
}

/** `1h`, `30m`, `7d`, `2w` → a window; anything else → undefined. */
export function parseWindow(word: string): TimeWindow | undefined {
  const match = WINDOW.exec(word);
  if (!match) return undefined;
  const unit = match[2]!.charAt(0) as keyof typeof UNIT_MS;
  const amount = Number(match[1]);
  if (amount <= 0 || amount * UNIT_MS[unit] > 90 * UNIT_MS.d) return undefined;
  return { label: `${amount}${unit}`, ms: amount * UNIT_MS[unit] };
}

/** ` Did you mean "ec2"?`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = nearest(word, candidates);
  return match ? ` Did you mean "${match}"?` : '';
}
