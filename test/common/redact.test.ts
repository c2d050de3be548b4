import { describe, expect, it } from 'vitest';
import { McpCallError, toToolError } from '#bridge/src/errors.ts';
import { shapeResult, truncateUtf8 } from '#bridge/src/result.ts';
import { REDACTED, redactingReplacer, redactText, redactValue } from '#common/redact.ts';

// Built at run time so no credential-shaped literal sits in the repository.
const ACCESS_KEY = `AKIA${'IOSFODNN7EXAMPLE'}`;
const TEMP_KEY = `ASIA${'Z'.repeat(16)}`;
const SECRET_KEY = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`;
const SESSION_TOKEN = `IQoJb3JpZ2luX2Vj${'A'.repeat(60)}`;
const PEM_BODY = 'MIIEowIBAAKCAQEAx4Hb2k9qL0T3';
const JWT = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'}.${'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'}`;

describe('redactText: one test per shape', () => {
  it.each([
    ['an access key id', `key ${ACCESS_KEY} here`, ACCESS_KEY],
    ['a temporary access key id', `"AccessKeyId": "${TEMP_KEY}"`, TEMP_KEY],
    ['a secret key assignment', `aws_secret_access_key=${SECRET_KEY}`, SECRET_KEY],
    ['a bare secret key', `value ${SECRET_KEY} end`, SECRET_KEY],
    [
      'a secret key with its slashes escaped as \\/',
      `"k": "${SECRET_KEY.replaceAll('/', '\\/')}", trunc`,
      'wJalrXUtnFEMI',
    ],
    ['a current session token', `token ${SESSION_TOKEN}`, SESSION_TOKEN],
    ['an older session token (FQoGZXIvYXdz)', `x FQoGZXIvYXdzEJr${'b'.repeat(40)} y`, 'FQoGZXIvYXdzEJr'],
    ['an older session token (AQoDYXdz)', `x AQoDYXdzEJr${'c'.repeat(40)} y`, 'AQoDYXdzEJr'],
    ['an older session token (FwoGZXIvYXdz)', `x FwoGZXIvYXdzEJr${'d'.repeat(40)} y`, 'FwoGZXIvYXdzEJr'],
    ['a JSON secret field', '{"DB_PASSWORD": "hunter2 two"', 'hunter2'],
    ['an API key field', 'ApiKey: k-123456', 'k-123456'],
    [
      'a private key block',
      `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`,
      PEM_BODY,
    ],
    [
      'a private key block with no END line',
      `cert: -----BEGIN PRIVATE KEY-----\n${PEM_BODY}\nAbCd`,
      PEM_BODY,
    ],
    [
      'a private key block escaped in JSON text',
      `"-----BEGIN EC PRIVATE KEY-----\\n${PEM_BODY}\\n`,
      PEM_BODY,
    ],
    ['a password in a URL', 'jdbc postgres://admin:s3cr3tPass@db.internal:5432/app', 's3cr3tPass'],
    [
      'a password in a URL with escaped slashes',
      'https:\\/\\/deploy:tok3nPass@git.example.com\\/r',
      'tok3nPass',
    ],
    [
      'a presigned URL signature',
      'https://b.s3.amazonaws.com/k?X-Amz-Signature=abcdef0123&X-Amz-Security-Token=zzz',
      'abcdef0123',
    ],
    ['a Bearer token', 'Authorization: Bearer abc.def-ghi_jkl', 'abc.def-ghi_jkl'],
    ['a JWT', `id ${JWT}`, 'dozjgNryP4J3jVmNHl0w5N'],
    ['a Slack bot token', `SLACK=xoxb-${'1234567890'}-abcdefghij`, 'xoxb-1234567890'],
    ['a GitHub token', `ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'}`, 'ghp_a1B2'],
    ['a name/value pair in printed Python', "{'name': 'DB_PASSWORD', 'value': 'hunter2'}", 'hunter2'],
    ['a value/name pair in printed Python', "{'value': 'hunter2', 'name': 'API_KEY'}", 'hunter2'],
  ])('removes %s', (_name, text, secret) => {
    // Act
    const redacted = redactText(text);
    // Assess
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('redacts JSON text as JSON, and JSON inside its strings (call_aws envelopes)', () => {
    // Prepare
    const inner = JSON.stringify({ environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] });
    const text = JSON.stringify({
      cli_command: 'aws ecs describe-task-definition',
      response: { json: inner },
    });
    // Act
    const redacted = JSON.parse(redactText(text)) as { response: { json: string } };
    // Assess
    expect(JSON.parse(redacted.response.json)).toEqual({
      environment: [{ name: 'DB_PASSWORD', value: REDACTED }],
    });
  });

  it('keeps harmless neighbours: ids, names, dates, tokens for the next page, digests, ARNs', () => {
    // Prepare
    const text =
      '{"InstanceId": "i-0abc", "NextToken": "abc", "PasswordLastUsed": "2026-01-01", "KeyName": "prod-key", "SecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbCdEf", "sha": "3f786850e387550fdab836ed7e6dc881de23001b", "Filters": [{"Name": "instance-state-name", "Values": ["running"]}]}';
    // Act / Assess
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue: one test per shape', () => {
  it.each([
    [
      'an ECS environment list {name, value}',
      {
        environment: [
          { name: 'DB_PASSWORD', value: 'hunter2' },
          { name: 'PORT', value: '80' },
        ],
      },
      {
        environment: [
          { name: 'DB_PASSWORD', value: REDACTED },
          { name: 'PORT', value: '80' },
        ],
      },
    ],
    [
      'a CodeBuild environment list {name, value, type}',
      { environmentVariables: [{ name: 'GITHUB_TOKEN_SECRET', value: 'ghs', type: 'PLAINTEXT' }] },
      { environmentVariables: [{ name: 'GITHUB_TOKEN_SECRET', value: REDACTED, type: 'PLAINTEXT' }] },
    ],
    [
      'CloudFormation ParameterKey/ParameterValue pairs',
      { Parameters: [{ ParameterKey: 'DbPassword', ParameterValue: 'hunter2', UsePreviousValue: false }] },
      { Parameters: [{ ParameterKey: 'DbPassword', ParameterValue: REDACTED, UsePreviousValue: false }] },
    ],
    [
      'Elastic Beanstalk OptionName/Value settings',
      { OptionSettings: [{ Namespace: 'aws:env', OptionName: 'API_KEY', Value: 'k-1' }] },
      { OptionSettings: [{ Namespace: 'aws:env', OptionName: 'API_KEY', Value: REDACTED }] },
    ],
    [
      'tags Key/Value',
      {
        Tags: [
          { Key: 'admin-password', Value: 'x1' },
          { Key: 'team', Value: 'payments' },
        ],
      },
      {
        Tags: [
          { Key: 'admin-password', Value: REDACTED },
          { Key: 'team', Value: 'payments' },
        ],
      },
    ],
    ['a number under a secret-named key', { Pin: 1, password: 123456 }, { Pin: 1, password: REDACTED }],
    ['an object under a secret-named key', { clientSecret: { v: 'x' } }, { clientSecret: REDACTED }],
    [
      'a list under a secret-named key',
      { api_keys: ['a'], ApiKey: ['b'] },
      { api_keys: ['a'], ApiKey: REDACTED },
    ],
    [
      'a map of environment variables',
      { Variables: { DB_PASSWORD: 'p', STAGE: 'prod' } },
      { Variables: { DB_PASSWORD: REDACTED, STAGE: 'prod' } },
    ],
  ])('redacts %s', (_name, value, expected) => {
    expect(redactValue(value)).toEqual(expected);
  });

  it('returns the same value when nothing needs redacting', () => {
    // Prepare
    const value = { a: [{ b: 'c' }], n: 1 };
    // Act / Assess
    expect(redactValue(value)).toBe(value);
  });

  it('keeps what comes before and after a redacted field, and a __proto__ key as a key', () => {
    // Prepare: JSON.parse makes `__proto__` an own key; copying it must not set a prototype.
    const value = JSON.parse('{"a":1,"__proto__":{"Password":"p"},"list":["x",{"AccessToken":"t"}],"z":2}');
    // Act
    const redacted = redactValue(value) as Record<string, unknown>;
    // Assess
    expect(JSON.stringify(redacted)).toBe(
      '{"a":1,"__proto__":{"Password":"[REDACTED]"},"list":["x",{"AccessToken":"[REDACTED]"}],"z":2}',
    );
    expect(Object.getPrototypeOf(redacted)).not.toEqual({ Password: REDACTED });
  });

  it('tells secret names the same way however many names came before, and however long', () => {
    // Prepare: more distinct names than the bridge remembers, then long names either side of the limit.
    const many = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`Field${i}`, 'v']));
    const long = `${'x'.repeat(300)}_password`;
    // Act
    const first = redactValue({ ...many, Password: 'p', [long]: 'q' });
    const again = [1, 2].map(() => redactValue({ Password: 'p', [long]: 'q', Name: long, Value: 'r' }));
    // Assess
    expect(first).toMatchObject({ Field0: 'v', Field24999: 'v', Password: REDACTED, [long]: REDACTED });
    for (const value of again)
      expect(value).toEqual({ Password: REDACTED, [long]: REDACTED, Name: long, Value: REDACTED });
  });

  it('looks for a secret access key in text of 40 characters or more, alone or within', () => {
    // Prepare
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    // Act / Assess
    expect(key).toHaveLength(40);
    expect(redactValue({ note: key, line: `key ${key} end`, short: key.slice(1) })).toEqual({
      note: REDACTED,
      line: `key ${REDACTED} end`,
      short: key.slice(1),
    });
  });

  it.each(['SecretAccessKey', 'secret_access_key', 'SecretKey'])(
    'redacts a short value under %s, as redactText does for that name',
    (key) => {
      expect(redactValue({ [key]: 'short' })).toEqual({ [key]: REDACTED });
      expect(redactText(`${key}: short`)).toBe(`${key}: ${REDACTED}`);
    },
  );
});

describe('redactingReplacer (every log line)', () => {
  it('redacts strings, secret-named keys and pairs as JSON.stringify writes them', () => {
    // Act
    const line = JSON.stringify(
      { message: `token ${SESSION_TOKEN}`, password: 42, env: [{ name: 'API_KEY', value: 'k' }], id: 'i-1' },
      redactingReplacer,
    );
    // Assess
    expect(JSON.parse(line)).toEqual({
      message: `token ${REDACTED}`,
      password: REDACTED,
      env: [{ name: 'API_KEY', value: REDACTED }],
      id: 'i-1',
    });
  });
});

describe('toToolError', () => {
  it('redacts the message of an MCP JSON-RPC error', () => {
    // Act
    const { error } = toToolError(
      new McpCallError(`AWS MCP Server error -32603: failed with password=hunter2 and ${ACCESS_KEY}`, {
        retryable: false,
      }),
    );
    // Assess
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain(ACCESS_KEY);
    expect(error.message).toContain('AWS MCP Server error -32603');
  });
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
