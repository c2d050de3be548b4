/** How CentralOps writes a count for people: `11,876` (the same in every chat and locale). */
export function thousands(count: number): string {
  return count.toLocaleString('en-US');
}
