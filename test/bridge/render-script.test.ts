import { describe, expect, it } from 'vitest';
import type { AwsCall } from '#bridge/src/input.ts';
import { renderScript, SCRIPT_HEAD, SCRIPT_TAIL } from '#bridge/src/render-script.ts';
import { runScripts } from './python-sandbox.ts';

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Text a caller could send to break out of a literal or into Python: quotes, escapes, newlines, braces, unicode. */
const NASTY = [
  '"',
  "'",
  '\\',
  '\\"',
  '"""',
  "'''",
  '\n',
  '\r\n',
  '\t',
  '\0',
  '{',
  '}',
  '{{',
  '#',
  '\\x5f\\x5f',
  '\\u0022',
  '\\N{QUOTATION MARK}',
  '")\nimport os\n("',
  "'); __import__('os').system('id'); ('",
  'f"{x}"',
  't"{x}"',
  'é',
  'ü',
  '\u2028',
  '\u2029',
  '\u00a0',
  '😀',
  '𝔸',
  '\ud800',
  '\udfff',
  'ｅｘｅｃ',
  '\u202e',
  '\x7f',
  '\x1b[31m',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the text under test
  '${HOME}',
  '`id`',
];

function text(next: () => number): string {
  const parts = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
    next() < 0.6
      ? NASTY[Math.floor(next() * NASTY.length)]!
      : Math.random()
          .toString(36)
          .slice(2, 2 + Math.floor(next() * 8)),
  );
  return parts.join('');
}

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.45) return text(next);
  if (pick < 0.55) return Math.floor(next() * 2_000_000) - 1_000_000;
  if (pick < 0.6) return Math.round(next() * 1e6) / 1e3;
  if (pick < 0.65) return next() < 0.5;
  if (pick < 0.68) return null;
  if (pick < 0.84) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(next() * 4) }, () => [text(next), value(next, depth + 1)]),
  );
}

const SERVICES = ['ec2', 's3', 'lambda', 'cloudwatch', 'logs', 'cognito-idp', 'redshift-data'];

function randomCalls(next: () => number): AwsCall[] {
  return Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const params = Object.fromEntries(
      Array.from({ length: Math.floor(next() * 5) }, (_, i) => [
        `Param${i}${Math.floor(next() * 100)}`,
        value(next, 0),
      ]),
    );
    return {
      service: SERVICES[Math.floor(next() * SERVICES.length)]!,
      operation: `Describe${Math.floor(next() * 1000)}Things`,
      params,
      pages: 1,
      ...(next() < 0.3 ? { region: 'eu-west-1' } : {}),
    };
  });
}

/** A Python double-quoted literal whose only escapes are \\ and \": nothing in it can end it early. */
const SAFE_LITERAL = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\\\|\\")*"$/;

describe('renderScript', () => {
  const next = random(13);
  const cases = Array.from({ length: 150 }, () => randomCalls(next));
  const scripts = cases.map((calls) => renderScript(calls, 'us-west-2'));

  it('keeps caller text inside the one JSON literal: the rest of the script is the fixed template', () => {
    for (const script of scripts) {
      // Act
      const literal = script.slice(SCRIPT_HEAD.length, script.length - SCRIPT_TAIL.length);
      // Assess
      expect(script.startsWith(SCRIPT_HEAD)).toBe(true);
      expect(script.endsWith(SCRIPT_TAIL)).toBe(true);
      expect(literal).toMatch(SAFE_LITERAL);
    }
  });

  it('decodes every call exactly under python3, with a stub call_boto3', async () => {
    // Act
    const runs = await runScripts(scripts);

    // Assess
    runs.forEach((run, index) => {
      expect(run.error).toBeUndefined();
      expect(run.received).toEqual(
        cases[index]!.map((call) => ({
          service: call.service,
          operation: call.operation,
          region: call.region ?? 'us-west-2',
          params: call.params,
        })),
      );
    });
  });

  it('follows next-page tokens up to the pages asked for, appending list values', async () => {
    // Prepare: the stub serves 5 pages
    const describe = (pages: number) =>
      renderScript(
        [{ service: 'ec2', operation: 'DescribeInstances', params: { MaxResults: 5 }, pages }],
        'us-east-1',
      );

    // Act
    const [one, three, ten] = await runScripts([describe(1), describe(3), describe(10)], 5);

    // Assess
    expect(one!.return_value).toEqual({ Items: [0], NextToken: '1' });
    expect(three!.return_value).toEqual({ Items: [0, 1, 2], NextToken: '3' });
    expect(ten!.return_value).toEqual({ Items: [0, 1, 2, 3, 4] });
    expect(three!.received.map((call) => call.params)).toEqual([
      { MaxResults: 5 },
      { MaxResults: 5, NextToken: '1' },
      { MaxResults: 5, NextToken: '2' },
    ]);
  });

  it('returns one response for one call, and the list of responses for several', async () => {
    // Act
    const [run] = await runScripts([
      renderScript(
        [
          { service: 's3', operation: 'ListBuckets', params: {}, pages: 1 },
          { service: 'sts', operation: 'GetCallerIdentity', params: {}, pages: 1 },
        ],
        'us-east-1',
      ),
    ]);

    // Assess
    expect(run!.return_value).toEqual([{ Items: [0] }, { Items: [0] }]);
  });
});
