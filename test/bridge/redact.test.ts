import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from '../../bridge/src/redact.ts';
import { shapeResult, truncateUtf8 } from '../../bridge/src/result.ts';

// Built at run time so no credential-shaped literal sits in the repository.
const ACCESS_KEY = `AKIA${'IOSFODNN7EXAMPLE'}`;
const TEMP_KEY = `ASIA${'Z'.repeat(16)}`;
const SECRET_KEY = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`;
const SESSION_TOKEN = `IQoJb3JpZ2luX2Vj${'A'.repeat(60)}`;

describe('redactText', () => {
  it.each([
    ['an access key id', `key ${ACCESS_KEY} here`, ACCESS_KEY],
    ['a temporary access key id', `"AccessKeyId": "${TEMP_KEY}"`, TEMP_KEY],
    ['a secret key assignment', `aws_secret_access_key=${SECRET_KEY}`, SECRET_KEY],
    ['a bare secret key', `value ${SECRET_KEY} end`, SECRET_KEY],
    ['a session token', `token ${SESSION_TOKEN}`, SESSION_TOKEN],
    ['a JSON secret field', '{"DB_PASSWORD": "hunter2 two"}', 'hunter2'],
    ['an API key field', 'ApiKey: k-123456', 'k-123456'],
    [
      'a private key block',
      `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----`,
      'MIIEowIBAAKCAQEA',
    ],
  ])('removes %s', (_name, text, secret) => {
    // Act
    const redacted = redactText(text);
    // Assess
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('leaves ordinary output alone', () => {
    // Prepare
    const text =
      '{"InstanceId": "i-0abc", "NextToken": "abc", "PasswordLastUsed": "2026-01-01", "sha": "3f786850e387550fdab836ed7e6dc881de23001b"}';
    // Act / Assess
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('redacts strings at any depth and values under secret-named keys', () => {
    // Act
    const value = redactValue({ a: [{ note: `uses ${ACCESS_KEY}` }], SessionToken: 'opaque', name: 'x' });
    // Assess
    expect(value).toEqual({ a: [{ note: `uses ${REDACTED}` }], SessionToken: REDACTED, name: 'x' });
  });

  it.each(['SecretAccessKey', 'secret_access_key', 'SecretKey'])(
    'redacts a short value under %s, as redactText does for that name',
    (key) => {
      // Act
      const value = redactValue({ [key]: 'short' });
      // Assess
      expect(value).toEqual({ [key]: REDACTED });
      expect(redactText(`${key}: short`)).toBe(`${key}: ${REDACTED}`);
    },
  );
});

describe('shapeResult', () => {
  it('keeps a result under the cap whole', () => {
    expect(shapeResult({ content: [{ type: 'text', text: 'hello' }] }, 100)).toEqual({
      isError: false,
      content: 'hello',
    });
  });

  it('cuts a result over the cap and says how many bytes were omitted', () => {
    // Act
    const shaped = shapeResult({ content: [{ type: 'text', text: 'x'.repeat(1000) }] }, 100);
    // Assess
    expect(shaped.truncatedBytes).toBe(900);
    expect(shaped.content).toBe(`${'x'.repeat(100)}\n… truncated: 900 bytes omitted`);
  });

  it('drops structured content first when the text alone fits', () => {
    // Act
    const shaped = shapeResult(
      { content: [{ type: 'text', text: 'short' }], structuredContent: { big: 'y'.repeat(500) } },
      100,
    );
    // Assess
    expect(shaped.structured).toBeUndefined();
    expect(shaped.content).toMatch(/^short\n… truncated: \d+ bytes omitted$/);
  });

  it('redacts before it caps', () => {
    // Act
    const shaped = shapeResult({ content: [{ type: 'text', text: `${ACCESS_KEY} ${'z'.repeat(50)}` }] }, 10);
    // Assess
    expect(shaped.content).not.toContain('AKIA');
  });
});

describe('truncateUtf8', () => {
  it('never splits a multi-byte character', () => {
    expect(truncateUtf8('ééé', 3)).toBe('é');
  });
});
