/**
 * EventBridge's pattern matching for the patterns the alert rules use (eb-event-patterns.html):
 * a field's list of values matches when the event's value, or any element of an array value,
 * equals one of them or meets a `{ numeric: [op, n, …] }`; nested objects match field by field.
 * Enough for the local bus to route as the central bus would; not a general implementation.
 */
export function matchesPattern(pattern: Readonly<Record<string, unknown>>, event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) => {
    const value = record[field];
    if (Array.isArray(expected))
      return candidates(value).some((v) => expected.some((rule) => matchesRule(rule, v)));
    if (expected !== null && typeof expected === 'object') {
      return candidates(value).some((v) => matchesPattern(expected as Record<string, unknown>, v));
    }
    return false;
  });
}

function candidates(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function matchesRule(rule: unknown, value: unknown): boolean {
  if (rule !== null && typeof rule === 'object' && 'numeric' in rule) {
    const numeric = (rule as { numeric: unknown[] }).numeric;
    if (typeof value !== 'number') return false;
    for (let index = 0; index + 1 < numeric.length; index += 2) {
      const [op, bound] = [numeric[index], Number(numeric[index + 1])];
      const ok =
        op === '>='
          ? value >= bound
          : op === '>'
            ? value > bound
            : op === '<='
              ? value <= bound
              : op === '<'
                ? value < bound
                : value === bound;
      if (!ok) return false;
    }
    return true;
  }
  return rule === value;
}
