/**
 * One account-region's AWS response shaped as query_accounts' `shape` asks
 * (contracts/bridge-tools/shape.ts): the matching items, cut to the fields named and to a bound
 * (fewer when the entry's byte share is smaller), put back where the response had them; their
 * total; their counts by a field. Every step is linear in the response's size.
 */
import {
  DEFAULT_SHAPE_ITEMS,
  type FieldTree,
  fieldTree,
  type PathStep,
  parsePath,
  type ShapeInput,
} from '#contracts/bridge-tools/shape.ts';

/** Distinct count_by values kept, commonest first; the others are summed under OTHER_COUNT. */
const MAX_COUNT_KEYS = 20;
export const OTHER_COUNT = '(other)';
/** The count_by value of an item that has none. */
const NO_VALUE = '(none)';

export interface ShapedResponse {
  /** The response holding only the kept items, nested as the items path reads them. */
  readonly response: Record<string, unknown>;
  /** Items that matched. */
  readonly total: number;
  /** Matching items by count_by's value, commonest first. */
  readonly counts?: Readonly<Record<string, number>>;
  /** Matching items not returned: past max_items, or past the entry's byte share. */
  readonly omitted: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member only: a response never reaches a prototype. */
function own(value: unknown, member: string): unknown {
  return isObject(value) && Object.hasOwn(value, member) ? value[member] : undefined;
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function kept(element: unknown, list: NonNullable<PathStep['list']>): boolean {
  return list === 'each' || scalarText(own(element, list.member)) === list.equals;
}

/** Every value `steps` reach from `root`, lists flattened where a step says so. */
export function select(root: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      const child = own(value, step.member);
      if (child === undefined) continue;
      if (step.list === undefined) next.push(child);
      else if (Array.isArray(child))
        for (const element of child) if (kept(element, step.list)) next.push(element);
    }
    current = next;
  }
  return current;
}

/** The item with only the fields of `tree`, nested as they were. */
function project(value: unknown, tree: FieldTree): Json | undefined {
  if (!isObject(value)) return undefined;
  const entries: [string, unknown][] = [];
  for (const [member, node] of Object.entries(tree)) {
    const child = own(value, member);
    if (child === undefined) continue;
    const { list, children } = node;
    if (list === undefined) {
      const projected = children ? project(child, children) : child;
      if (projected !== undefined) entries.push([member, projected]);
    } else if (Array.isArray(child)) {
      const elements = child.filter((element) => kept(element, list));
      entries.push([member, children ? elements.flatMap((e) => project(e, children) ?? []) : elements]);
    }
  }
  return Object.fromEntries(entries);
}

/** `items` put back under the items path: Reservations[].Instances[] → { Reservations: [{ Instances }] }. */
function nest(items: readonly unknown[], steps: readonly PathStep[]): Json {
  let value: unknown = items;
  for (let index = steps.length - 1; index >= 0; index--) {
    const container = { [steps[index]!.member]: value };
    value = index > 0 && steps[index - 1]!.list !== undefined ? [container] : container;
  }
  return value as Json;
}

function countsOf(items: readonly unknown[], steps: readonly PathStep[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = scalarText(select(item, steps)[0]) ?? NO_VALUE;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const other = ranked.slice(MAX_COUNT_KEYS).reduce((sum, [, count]) => sum + count, 0);
  return Object.fromEntries([
    ...ranked.slice(0, MAX_COUNT_KEYS),
    ...(other > 0 ? [[OTHER_COUNT, other]] : []),
  ]);
}

/** A shape read once per query: its paths parsed, its field tree built. */
export interface CompiledShape {
  readonly items: readonly PathStep[];
  readonly fields?: FieldTree;
  readonly countBy?: readonly PathStep[];
  readonly match?: { readonly fields: readonly (readonly PathStep[])[]; readonly needle: string };
  readonly maxItems: number;
}

/** The shape's paths parsed (the contract has checked them), for every account-region of a query. */
export function compileShape(shape: ShapeInput): CompiledShape {
  const tree = shape.fields ? fieldTree(shape.fields) : undefined;
  return {
    items: parsePath(shape.items) ?? [],
    ...(tree && typeof tree !== 'string' ? { fields: tree } : {}),
    ...(shape.count_by ? { countBy: parsePath(shape.count_by) ?? [] } : {}),
    ...(shape.match
      ? {
          match: {
            fields: shape.match.fields.map((path) => parsePath(path) ?? []),
            needle: shape.match.contains.toLowerCase(),
          },
        }
      : {}),
    maxItems: shape.max_items ?? DEFAULT_SHAPE_ITEMS,
  };
}

function matches(item: unknown, match: NonNullable<CompiledShape['match']>): boolean {
  return match.fields.some((steps) =>
    select(item, steps).some((value) => scalarText(value)?.toLowerCase().includes(match.needle) === true),
  );
}

/**
 * The response shaped; `fits` tells whether an answer is within the entry's byte share: the kept
 * items are cut (then the counts dropped) until it is.
 */
export function shapeResponse(
  payload: unknown,
  shape: CompiledShape,
  fits: (shaped: ShapedResponse) => boolean = () => true,
): ShapedResponse {
  const { match, fields } = shape;
  const found = select(payload, shape.items);
  const matching = match ? found.filter((item) => matches(item, match)) : found;
  const projected = matching
    .slice(0, shape.maxItems)
    .map((item) => (fields ? (project(item, fields) ?? {}) : item));
  const counts = shape.countBy ? countsOf(matching, shape.countBy) : undefined;
  const answer = (keep: number, withCounts: boolean): ShapedResponse => ({
    response: nest(projected.slice(0, keep), shape.items),
    total: matching.length,
    ...(counts && withCounts ? { counts } : {}),
    omitted: matching.length - keep,
  });
  const whole = answer(projected.length, true);
  if (fits(whole)) return whole;
  // The most items that fit: the answer grows with each one kept.
  let low = 0;
  let high = projected.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(answer(middle, true))) low = middle;
    else high = middle - 1;
  }
  const best = answer(low, true);
  return fits(best) ? best : answer(0, false);
}
