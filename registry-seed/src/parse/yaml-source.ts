import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import type { RegistryProblem } from '../errors.ts';

export type FieldPath = readonly (string | number)[];

/**
 * Fields that are identifiers, not numbers: an unquoted `id: 012345678901` parses as a number and
 * would lose its leading zero, so these take the scalar's source text instead.
 */
const IDENTIFIER_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'workspaceId',
  'userId',
  'channelId',
  'defaultAccount',
  'cognitoUsername',
]);

/** Lists of identifiers: `alerts.accounts: [012345678901]` keeps its leading zero too. */
const IDENTIFIER_LIST_FIELDS: ReadonlySet<string> = new Set(['accounts']);

/** `accounts[3].id` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`,
    )
    .join('');
}

/** One parsed YAML file that can say on which line any field path sits. */
export class YamlSource {
  public readonly file: string;
  public readonly data: unknown;
  public readonly problems: readonly RegistryProblem[];
  readonly #contents: Node | null;
  readonly #lineCounter: LineCounter;

  public constructor(file: string, text: string) {
    this.file = file;
    this.#lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: this.#lineCounter, prettyErrors: false });
    visit(doc, {
      Pair(_, pair) {
        if (!isScalar(pair.key)) return;
        if (isSeq(pair.value) && IDENTIFIER_LIST_FIELDS.has(String(pair.key.value))) {
          for (const item of pair.value.items) {
            if (isScalar(item) && typeof item.value === 'number')
              item.value = item.source ?? String(item.value);
          }
          return;
        }
        if (!isScalar(pair.value)) return;
        const key = pair.key.value;
        if (typeof key === 'string' && IDENTIFIER_FIELDS.has(key) && typeof pair.value.value === 'number') {
          pair.value.value = pair.value.source ?? String(pair.value.value);
        }
      },
    });
    this.#contents = doc.contents;
    this.problems = doc.errors.map((error) => ({
      file,
      line: this.#lineCounter.linePos(error.pos[0]).line,
      field: '',
      message: error.message.split('\n')[0] ?? error.code,
    }));
    this.data = this.problems.length ? undefined : doc.toJS();
  }

  /** Line of the deepest node found along `path` (the value, else its nearest ancestor). */
  public lineOf(path: readonly PropertyKey[]): number | undefined {
    return this.#line(this.#walk(path).node);
  }

  /** Line of the key that `path`'s last segment names (unknown fields point at their key). */
  public lineOfKey(path: readonly PropertyKey[]): number | undefined {
    const parent = this.#walk(path.slice(0, -1));
    const pair =
      parent.complete && isMap(parent.node) ? findPair(parent.node, path[path.length - 1]) : undefined;
    return this.#line(isScalar(pair?.key) ? pair.key : parent.node);
  }

  #walk(path: readonly PropertyKey[]): { node: unknown; complete: boolean } {
    let node: unknown = this.#contents;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = findPair(node, segment);
        next = pair ? (pair.value ?? pair.key) : undefined;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (!isNode(next)) return { node, complete: false };
      node = next;
    }
    return { node, complete: true };
  }

  #line(node: unknown): number | undefined {
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? undefined : this.#lineCounter.linePos(offset).line;
  }

  public problem(path: readonly PropertyKey[], message: string): RegistryProblem {
    return { file: this.file, line: this.lineOf(path), field: formatPath(path), message };
  }
}

function findPair(map: YAMLMap, key: PropertyKey | undefined): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key);
}
