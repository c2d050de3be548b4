/**
 * OU paths and the patterns rules.yaml matches them with. A path names the OUs from the root:
 * `/Workloads/Prod` (the root itself is `/`). A pattern is a path whose segments may be `*` (one
 * OU) or `**` (any number of OUs, none included); names compare case-insensitively.
 */

/** `/`, or `/`-separated OU names, `*` or `**`, none empty. */
export const OU_PATTERN = /^\/$|^(\/[^/]+)+$/;

/** The OU path below `parent` (`/` or `/A`) for a child OU named `name`. */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Whether `pattern` is a valid pattern: OU_PATTERN, with `*` only as a whole segment. */
export function isOuPattern(pattern: string): boolean {
  return (
    OU_PATTERN.test(pattern) &&
    pattern
      .split('/')
      .slice(1)
      .every((segment) => !segment.includes('*') || segment === '*' || segment === '**')
  );
}

/** A matcher for an OU pattern (see isOuPattern). */
export function ouMatcher(pattern: string): (path: string) => boolean {
  const segments = pattern === '/' ? [] : pattern.split('/').slice(1);
  const source = segments
    .map((segment) =>
      segment === '**'
        ? '(?:/[^/]+)*'
        : segment === '*'
          ? '/[^/]+'
          : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
    )
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  // The root `/` is the empty sequence of OUs.
  return (path) => regex.test(path === '/' ? '' : path);
}
