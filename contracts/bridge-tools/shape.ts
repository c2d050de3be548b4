/**
 * query_accounts' `shape`: what an answer needs from each account-region's response (the matching
 * items up to a bound, their count, counts by a field), so a fan-out over thousands of
 * account-regions returns that instead of every response whole. Paths are a small subset of
 * JMESPath, linear in the response's size: member names joined by `.`, `[]` for each element of a
 * list, `[Member=value]` for the elements whose member equals value
 * (`Reservations[].Instances[]`, `State.Name`, `Tags[Key=Name].Value`). Hand-written because
 * JMESPath itself lets a short expression (nested multiselects) grow its output exponentially.
 */
import * as z from 'zod/mini';
import { described, optional, strictFields } from './fields.ts';

/** Items kept per account-region at most; the rest are counted. */
export const MAX_SHAPE_ITEMS = 100;
/** Items kept when `max_items` is not given: what a chat answer shows per account-region. */
export const DEFAULT_SHAPE_ITEMS = 10;
const MAX_PATH_CHARS = 512;
const MAX_PATH_STEPS = 8;
const MAX_FIELDS = 16;
const MAX_MATCH_FIELDS = 8;

/** One step of a path: a member, then optionally each element of it, or the elements matching. */
export interface PathStep {
  readonly member: string;
  readonly list?: 'each' | { readonly member: string; readonly equals: string };
}

/** Model member names, and map keys such as environment variable names. */
const MEMBER = '[A-Za-z_][A-Za-z0-9_]{0,127}';
const STEP = new RegExp(`(${MEMBER})(?:\\[(?:(${MEMBER})=([^[\\]]{1,128}))?\\])?`, 'y');

/** The steps of `path`, or undefined when it is not a path. */
export function parsePath(path: string): PathStep[] | undefined {
  if (path.length > MAX_PATH_CHARS) return undefined;
  const steps: PathStep[] = [];
  let at = 0;
  while (at < path.length) {
    if (steps.length > 0) {
      if (path[at] !== '.') return undefined;
      at += 1;
    }
    STEP.lastIndex = at;
    const match = STEP.exec(path);
    if (!match) return undefined;
    const [whole, member, filterMember, equals] = match as unknown as [string, string, string?, string?];
    if (member === '__proto__' || filterMember === '__proto__') return undefined;
    const list =
      filterMember !== undefined && equals !== undefined
        ? { member: filterMember, equals }
        : whole.endsWith('[]')
          ? ('each' as const)
          : undefined;
    steps.push({ member, ...(list ? { list } : {}) });
    at = STEP.lastIndex;
  }
  return steps.length > 0 && steps.length <= MAX_PATH_STEPS ? steps : undefined;
}

/**
 * The fields kept of each item, as a tree: a member with no children keeps its whole value. Two
 * fields stepping into the same member differently (`Tags[]` and `Tags[Key=Name]`) cannot be kept
 * together.
 */
export interface FieldTree {
  readonly [member: string]: FieldNode;
}
export interface FieldNode {
  readonly list?: PathStep['list'];
  /** Absent: the whole value is kept. */
  readonly children?: FieldTree;
}

function sameList(a: PathStep['list'], b: PathStep['list']): boolean {
  if (a === undefined || b === undefined || a === 'each' || b === 'each') return a === b;
  return a.member === b.member && a.equals === b.equals;
}

/** The tree of `paths` (each already a path), or the problem. */
export function fieldTree(paths: readonly string[]): FieldTree | string {
  type Mutable = Record<string, { list?: PathStep['list']; children?: Mutable; whole: boolean }>;
  // No prototype: a member name can only ever be a key of its own.
  const root: Mutable = Object.create(null);
  for (const path of paths) {
    const steps = parsePath(path) ?? [];
    let level = root;
    for (const [index, step] of steps.entries()) {
      const last = index === steps.length - 1;
      const existing = level[step.member];
      if (existing && !sameList(existing.list, step.list))
        return `${path} steps into ${step.member} unlike another field`;
      const node = existing ?? { ...(step.list ? { list: step.list } : {}), whole: false };
      level[step.member] = node;
      if (last) node.whole = true;
      else if (!node.whole) level = node.children ??= Object.create(null);
      else break;
    }
  }
  const freeze = (tree: Mutable): FieldTree =>
    Object.fromEntries(
      Object.entries(tree).map(([member, node]) => [
        member,
        {
          ...(node.list ? { list: node.list } : {}),
          ...(node.whole || !node.children ? {} : { children: freeze(node.children) }),
        },
      ]),
    );
  return freeze(root);
}

const PATH_RULE =
  'must be a path such as Reservations[].Instances[], State.Name or Tags[Key=Name].Value (member names, [] or [Member=value], joined by .)';

const path = z.string({ error: PATH_RULE }).check(
  z.superRefine((value, context) => {
    if (!parsePath(value)) context.addIssue({ code: 'custom', message: PATH_RULE, input: value });
  }),
);

const ITEMS_RULE = 'must be a path ending in a list step, such as Reservations[].Instances[]';

function paths(max: number, description: string) {
  const rule = `must be a list of 1 to ${max} paths`;
  return described(
    z.array(path, { error: rule }).check(z.minLength(1, rule), z.maxLength(max, rule)),
    description,
  );
}

const MAX_ITEMS_RULE = `must be a whole number from 0 to ${MAX_SHAPE_ITEMS}`;

export const shape = described(
  strictFields({
    items: described(
      path.check(
        z.superRefine((value, context) => {
          if (parsePath(value)?.at(-1)?.list === undefined)
            context.addIssue({ code: 'custom', message: ITEMS_RULE, input: value });
        }),
      ),
      'Where the items are in the response, ending in a list step: Reservations[].Instances[], Functions[].',
    ),
    fields: optional(
      paths(
        MAX_FIELDS,
        'The fields kept of each item (default: all): InstanceId, State.Name, Tags[Key=Name].',
      ),
    ),
    count_by: optional(path, "Count every matching item by this field's value: State.Name."),
    match: optional(
      strictFields({
        fields: paths(
          MAX_MATCH_FIELDS,
          'The fields whose text is searched: Tags[Key=Name].Value, InstanceId.',
        ),
        contains: described(
          z
            .string({ error: 'must be text of 1 to 128 characters' })
            .check(
              z.minLength(1, 'must be text of 1 to 128 characters'),
              z.maxLength(128, 'must be text of 1 to 128 characters'),
            ),
          'Keep only items where one of the fields contains this text (any case).',
        ),
      }),
      'Keep only the items matching a text.',
    ),
    max_items: z
      .optional(
        z
          .int({ error: MAX_ITEMS_RULE })
          .check(z.gte(0, MAX_ITEMS_RULE), z.lte(MAX_SHAPE_ITEMS, MAX_ITEMS_RULE)),
      )
      .with(
        z.meta({
          type: 'integer',
          description: `Matching items returned per account-region, 0 to ${MAX_SHAPE_ITEMS} (default ${DEFAULT_SHAPE_ITEMS}); the rest are counted.`,
        }),
      ),
  }).check(
    z.superRefine((value, context) => {
      const tree = value.fields ? fieldTree(value.fields) : {};
      if (typeof tree === 'string')
        context.addIssue({ code: 'custom', message: `fields: ${tree}`, input: value, path: ['fields'] });
    }),
  ),
  'With one call: return per account-region the matching items (up to max_items, only the fields named), their total and counts by count_by, instead of the whole response. Use it across many accounts.',
);

export type ShapeInput = z.output<typeof shape>;
