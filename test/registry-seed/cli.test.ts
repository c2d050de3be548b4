import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { main } from '#registry-seed/src/cli.ts';
import type { CliIo } from '#registry-seed/src/cli-io.ts';

function captureIo(env: NodeJS.ProcessEnv): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('seed CLI', () => {
  let db: LocalDynamoDB;
  let dir: string;

  beforeEach(async () => {
    db = await startLocalDynamoDB();
    dir = await mkdtemp(join(tmpdir(), 'registry-'));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 and prints every problem as file:line field when the registry is invalid', async () => {
    // Prepare
    await writeFile(
      join(dir, 'accounts.yaml'),
      'accounts:\n  - id: "12"\n    name: x\n    environment: prod\n    regions: [us-east-1]\n',
    );
    await writeFile(
      join(dir, 'channels.yaml'),
      'channels:\n  - platform: slack\n    workspaceId: T0CENTRAL\n    channelId: C0X\n    allowedEnvironments: []\n',
    );
    const io = captureIo(db.env);

    // Act
    const code = await main(['--file', dir], io);

    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain('invalid, nothing written');
    expect(io.err()).toContain('  accounts.yaml:2 accounts[0].id: must be 12 digits\n');
    expect(io.err()).toContain(
      '  channels.yaml:5 channels[0].allowedEnvironments: must list at least one environment\n',
    );
  });

  it('seeds the sample through the endpoint in AWS_ENDPOINT_URL_DYNAMODB, then finds nothing to write', async () => {
    // Prepare: the SDK reads its endpoint and credentials from the process environment.
    for (const [name, value] of Object.entries(db.env)) vi.stubEnv(name, value);
    const first = captureIo(process.env);
    const second = captureIo(process.env);

    // Act
    const codes = [await main([], first), await main([], second)];

    // Assess
    expect(codes).toEqual([0, 0]);
    expect(first.out()).toContain('Accounts: 5 added, 0 changed, 0 disabled, 0 removed, 0 unchanged');
    expect(first.out()).toContain('+ 111111111111 payments-prod (prod)');
    expect(first.out()).toContain('Wrote 12 item(s)');
    expect(first.err()).toContain('Writing 12/12 item(s) (100%)\n');
    expect(second.out()).toContain('Nothing to write: the tables already match');
  });

  it('exits 2 with the usage on an unknown option', async () => {
    // Prepare
    const io = captureIo(db.env);

    // Act
    const code = await main(['--purge'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain('Usage: npm run seed');
  });
});
