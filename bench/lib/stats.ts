/** Order statistics for the benches' figures. NaN when there is nothing to rank. */

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The value at index floor(p/100 · n) of the sorted values: p50 is the upper median. */
export function percentile(values: readonly number[], p: number): number {
  const ranked = sorted(values);
  return ranked[Math.min(ranked.length - 1, Math.floor((p / 100) * ranked.length))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Nearest rank: the value at index ceil(p/100 · n) − 1, the smallest one with at least p% of the
 * values at or below it (p99 of 1,000 is the 990th, where `percentile` takes the 991st).
 */
export function nearestRankPercentile(values: readonly number[], p: number): number {
  const ranked = sorted(values);
  return ranked[Math.min(ranked.length - 1, Math.ceil((p / 100) * ranked.length) - 1)] ?? Number.NaN;
}
