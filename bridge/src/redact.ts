/**
 * Removes secrets from tool output before it leaves the bridge (for chat and logs alike). It
 * matches what credentials look like, so it works on text the AWS MCP Server formats any way.
 */

export const REDACTED = '[REDACTED]';

const PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
  // Access key ids: long-term (AKIA) and temporary (ASIA).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // STS session tokens are base64 beginning with these version prefixes.
  /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9/+=]{20,}/g,
];

/**
 * A secret access key: a run of exactly 40 base64 characters. The lookbehind makes the engine try
 * only run starts, keeping this linear; hex digests (git SHAs) are spared by NOT_HEX.
 */
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const NOT_HEX = /[G-Zg-z/+]/;
/**
 * Endings of names that hold a secret, `_` standing for an optional `_` or `-`: the one list both
 * text and object keys are matched against, so the two cannot drift apart.
 */
const SECRET_NAMES: readonly string[] = [
  'secret_access_key',
  'secret_key',
  'secret',
  'password',
  'passwd',
  'session_token',
  'security_token',
  'auth_token',
  'access_token',
  'api_key',
  'private_key',
];
const SECRET_NAME_IN_TEXT = SECRET_NAMES.map((name) => name.replaceAll('_', '[_-]?')).join('|');

/** Cheap test that spares the costly assignment pattern on output naming no secret at all. */
const SECRET_WORD = new RegExp(SECRET_NAME_IN_TEXT, 'i');

/** `name = value`, `name: value`, `"name": "value"` where the name says it holds a secret. */
const SECRET_ASSIGNMENT = new RegExp(
  String.raw`\b([A-Za-z0-9_.-]*?(?:${SECRET_NAME_IN_TEXT}))(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;{}[\]][^\s,;}]*)`,
  'gi',
);

export function redactText(text: string): string {
  let out = !SECRET_WORD.test(text)
    ? text
    : text.replace(SECRET_ASSIGNMENT, (_match, name: string, separator: string, value: string) => {
        const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
        return `${name}${separator}${quote}${REDACTED}${quote}`;
      });
  for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
  return out.replace(SECRET_ACCESS_KEY, (run) => (NOT_HEX.test(run) ? REDACTED : run));
}

/** Every string in a JSON-like value, redacted; values under secret-sounding keys dropped too. */
export function redactValue<T>(value: T): T {
  return walk(value) as T;
}

/** Matched against a key with its `_` and `-` removed. */
const SECRET_KEY = new RegExp(`(?:${SECRET_NAMES.map((name) => name.replaceAll('_', '')).join('|')})$`, 'i');

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        typeof inner === 'string' && SECRET_KEY.test(key.replace(/[_-]/g, '')) ? REDACTED : walk(inner);
    }
    return out;
  }
  return value;
}
