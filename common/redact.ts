/**
 * Removes secrets from everything that leaves the bridge (tool output, error messages and log
 * lines alike) and from what the audit keeps of a question. It matches what credentials look like and where they sit (secret-named keys, name/value
 * pair lists), so it works on output the AWS MCP Server formats any way. JSON text is redacted as
 * JSON (JSON inside JSON strings too), so the structural rules apply to text output as well.
 */

export const REDACTED = '[REDACTED]';

/**
 * Endings of names that hold a secret, `_` standing for an optional `_`, `-`, `.` or space: the one list that
 * text, object keys and name/value pairs are matched against, so they cannot drift apart.
 */
const SECRET_NAMES: readonly string[] = [
  'secret_access_key',
  'secret_key',
  'secret',
  'secret_string',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'session_token',
  'security_token',
  'auth_token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'private_key',
  'credential',
  'credentials',
  'authorization',
  'connection_string',
];
const SECRET_NAME_IN_TEXT = SECRET_NAMES.map((name) => name.replaceAll('_', String.raw`[\s_.-]?`)).join('|');
/** Matched against a whole name with its `_`, `-`, `.` and spaces removed. */
const SECRET_NAME = new RegExp(`(?:${SECRET_NAMES.map((name) => name.replaceAll('_', '')).join('|')})$`, 'i');

/** Cheap test that spares the costly assignment patterns on output naming no secret at all. */
const SECRET_WORD = new RegExp(SECRET_NAME_IN_TEXT, 'i');

/** A `"…"` / `'…'` quoted value or a bare word, as the assignment patterns read a value. */
const VALUE = String.raw`("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;{}[\]][^\s,;}]*)`;

/**
 * `name = value`, `name: value`, `"name": "value"` where the name says it holds a secret. A bare
 * `:` needs a space after it, so ARNs (`…:secret:prod/db`) and URLs are not taken for assignments.
 */
const SECRET_ASSIGNMENT = new RegExp(
  String.raw`\b([A-Za-z0-9_.-]*?(?:${SECRET_NAME_IN_TEXT}))(["']\s*[:=]\s*|\s*=\s*|\s*:\s+)${VALUE}`,
  'gi',
);

/**
 * Name/value pairs in text that is not JSON (a script's printed dicts): a `…name`/`…key` field
 * holding a secret name, then the next `…value` field, in either order.
 */
const PAIR_NAME = String.raw`["']?[A-Za-z]*(?:name|key)["']?\s*[:=]\s*["'][^"'\n]*(?:${SECRET_NAME_IN_TEXT})["']`;
const PAIR_VALUE = String.raw`(["']?[A-Za-z]*value["']?\s*[:=]\s*)${VALUE}`;
const PAIR_NAME_THEN_VALUE = new RegExp(`(${PAIR_NAME}\\s*,\\s*)${PAIR_VALUE}`, 'gi');
const PAIR_VALUE_THEN_NAME = new RegExp(`${PAIR_VALUE}(\\s*,\\s*${PAIR_NAME})`, 'gi');

/** Runs of base64 with `/` possibly escaped as `\/` (JSON may escape it). */
const B64 = String.raw`(?:[A-Za-z0-9+=]|\\?\/)`;

/** What credentials look like, wherever they appear. Each keeps a visible marker where it helps. */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // Private keys, with or without their END line (a cut-off key is still a key).
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----(?:[A-Za-z-]+: [^\n\\]*(?:\n|\\n))*(?:[A-Za-z0-9+/=\r\n]|\\[nr/])*(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----)?/g,
    REDACTED,
  ],
  // Access key ids: long-term (AKIA) and temporary (ASIA).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // STS session tokens are base64 beginning with these version prefixes, old and new.
  [
    new RegExp(
      String.raw`\b(?:IQoJb3JpZ2lu|AgoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|FQoDYXdz|AQoDYXdz)${B64}{20,}`,
      'g',
    ),
    REDACTED,
  ],
  // JSON Web Tokens (header.payload.signature, the header JSON starting `{"`).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // HTTP credentials: `Bearer …`, `Basic …`.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Vendor tokens: Slack, GitHub, GitLab, Stripe, npm, Google API keys.
  [
    /\b(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|[sr]k_live_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{30,}|AIza[A-Za-z0-9_-]{35})/g,
    REDACTED,
  ],
  // A password in a URL: `scheme://user:password@host` (slashes possibly escaped).
  [/\b([a-z][a-z0-9+.-]*:(?:\\?\/){2}[^\s:@/\\'"]+):[^\s@/\\'"]+@/gi, `$1:${REDACTED}@`],
  // Signed URLs and credentials in query strings.
  [
    /([?&](?:X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|Signature|AWSAccessKeyId|sig|token|access_token|api_key|apikey|password|secret)=)[^&\s'"\\]+/gi,
    `$1${REDACTED}`,
  ],
];

/**
 * A secret access key: a run of exactly 40 base64 characters (`/` possibly escaped). The
 * lookbehind makes the engine try only run starts, keeping this linear; hex digests (git SHAs) are
 * spared by NOT_HEX.
 */
const SECRET_ACCESS_KEY = new RegExp(String.raw`(?<![A-Za-z0-9/+\\])${B64}{40,80}(?![A-Za-z0-9/+=\\])`, 'g');
const NOT_HEX = /[G-Zg-z/+]/;
const NAME_OR_KEY = /(?:name|key)$/i;

/**
 * Anything a pattern above could match starts with one of these, or is a run of 40 base64
 * characters (LONG_RUN, looked for only in text that long: tried at every position, it cost more
 * than all the words together): text without any (most ids, names and dates) is returned at once.
 */
const CANDIDATE = new RegExp(
  String.raw`${SECRET_NAME_IN_TEXT}|PRIVATE KEY|AKIA|ASIA|IQoJ|AgoJ|FwoG|FQoG|FQoD|AQoD|eyJ|Bearer|Basic|xox|xapp-|gh[pousr]_|github_pat_|glpat-|_live_|npm_|AIza|:\\?\/|[?&][A-Za-z-]+=`,
  'i',
);
const LONG_RUN = new RegExp(`${B64}{40}`);

function mayHoldSecret(text: string): boolean {
  return CANDIDATE.test(text) || (text.length >= 40 && LONG_RUN.test(text));
}

export function redactText(text: string): string {
  // Nothing secret-like anywhere (and no \u escape that JSON would decode into one): done in one scan.
  if (!mayHoldSecret(text) && !text.includes('\\u')) return text;
  const json = parseJsonText(text);
  if (json !== undefined) {
    const redacted = redactValue(json.value);
    // Unchanged JSON keeps its own formatting (redactValue returns what it did not change).
    return redacted === json.value ? text : JSON.stringify(redacted, null, json.indent);
  }
  return redactPlainText(text);
}

/** Every string in a JSON-like value redacted; secret-named keys and name/value pairs too. */
export function redactValue<T>(value: T): T {
  return walk(value) as T;
}

/**
 * A `JSON.stringify` replacer doing the same as redactValue key by key: for serializers that take
 * one, such as Powertools Logger's `jsonReplacerFn`, so every log line is redacted as it is written.
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretName(key) && holdsSecret(value)) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (isPair(value)) return redactPair(value);
  return value;
}

function redactPlainText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  if (SECRET_WORD.test(out)) {
    out = out
      .replace(
        PAIR_NAME_THEN_VALUE,
        (_m, head: string, valueKey: string, value: string) => `${head}${valueKey}${masked(value)}`,
      )
      .replace(
        PAIR_VALUE_THEN_NAME,
        (_m, valueKey: string, value: string, tail: string) => `${valueKey}${masked(value)}${tail}`,
      )
      .replace(
        SECRET_ASSIGNMENT,
        (_m, name: string, separator: string, value: string) => `${name}${separator}${masked(value)}`,
      );
  }
  return out.replace(SECRET_ACCESS_KEY, (run) =>
    run.replaceAll('\\/', '/').length === 40 && NOT_HEX.test(run) ? REDACTED : run,
  );
}

/** REDACTED in the value's own quotes. */
function masked(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${quote}${REDACTED}${quote}`;
}

/**
 * The value redacted; the very same value (not a copy) when nothing in it needed redacting. A copy
 * is made only from the first change on: most responses hold no secret, and a fan-out walks
 * thousands of them.
 */
function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = walk(value[index]);
      if (item !== value[index]) out ??= value.slice(0, index);
      out?.push(item);
    }
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let out: Record<string, unknown> | undefined;
    let pair = false;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const inner = record[key];
      const redacted = isSecretName(key) && holdsSecret(inner) ? REDACTED : walk(inner);
      if (redacted !== inner && !out) {
        // No prototype: a `__proto__` key of the data stays a key.
        out = Object.create(null) as Record<string, unknown>;
        for (const earlier of keys.slice(0, index)) out[earlier] = record[earlier];
      }
      if (out) out[key] = redacted;
      pair ||= namesSecret(key, redacted);
    }
    const result = out ?? record;
    return pair ? redactPair(result) : result;
  }
  return value;
}

/**
 * Short names seen, and whether each names a secret: a fan-out's responses repeat the same few
 * hundred keys. Bounded in count and length, whatever the data holds.
 */
const secretNames = new Map<string, boolean>();
const SECRET_NAMES_KEPT = 10_000;
const SECRET_NAME_KEPT_CHARS = 128;

function isSecretName(name: string): boolean {
  const known = secretNames.get(name);
  if (known !== undefined) return known;
  const secret = SECRET_NAME.test(name.replace(/[\s_.-]/g, ''));
  if (name.length <= SECRET_NAME_KEPT_CHARS) {
    if (secretNames.size >= SECRET_NAMES_KEPT) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

/** A `…name`/`…key` field holding a secret name: what makes an object a name/value pair. */
function namesSecret(key: string, value: unknown): boolean {
  return typeof value === 'string' && NAME_OR_KEY.test(key) && isSecretName(value);
}

/** Anything but a flag or nothing may carry a secret: strings, numbers, objects, lists. */
function holdsSecret(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean';
}

/**
 * `{ name: 'DB_PASSWORD', value: '…' }` whatever the spelling (`Name`/`Value`, `ParameterKey`/
 * `ParameterValue`, `OptionName`/`Value`, `Key`/`Value`): an object with a `…name`/`…key` field
 * that holds a secret name.
 */
function isPair(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).some(([key, inner]) => namesSecret(key, inner));
}

/** The pair's `…value` / `…values` fields redacted; its name and other fields kept. */
function redactPair(pair: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(pair)) {
    out[key] = /values?$/i.test(key) && holdsSecret(inner) ? REDACTED : inner;
  }
  return out;
}

/** `text` as JSON when it is a JSON object or array, with the indentation it was written with. */
function parseJsonText(text: string): { value: unknown; indent: number } | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    const indent = /^[{[]\r?\n( +)/.exec(trimmed)?.[1]?.length ?? 0;
    return { value, indent };
  } catch {
    return undefined;
  }
}
