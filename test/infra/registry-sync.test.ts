import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '#common/errors.ts';
import { REGISTRY_FILES } from '#contracts/registry.ts';
import { RegistrySyncStack } from '#infra/lib/stacks/registry-sync-stack.ts';

/** The stack over `registryDir`, in an app of its own; the bundle is never reached when the rules are unusable. */
function syncStack(registryDir: string): RegistrySyncStack {
  const app = new App();
  const data = new Stack(app, 'Data');
  const accountsTable = new dynamodb.Table(data, 'Accounts', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  return new RegistrySyncStack(app, 'RegistrySync', {
    bundle: { name: 'registry-sync', entry: 'registry-sync.ts', dir: registryDir, status: 'missing' },
    accountsTable,
    registryDir,
    roleName: 'centralops-test-registry-sync',
    orgId: 'o-abc123def456',
    targetRoleName: 'CentralOpsTargetRole',
    envName: 'test',
  });
}

describe('RegistrySyncStack: the rules of registryDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'centralops-registry-sync-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to synthesize when rules.yaml names no valid organization-read role', async () => {
    // Prepare
    await writeFile(
      path.join(dir, REGISTRY_FILES.rules),
      'organization:\n  roleArn: arn:aws:iam::12345:role/Reader\ndefaults:\n  regions: [us-east-1]\n',
    );

    // Act
    const synth = () => syncStack(dir);

    // Assess
    expect(synth).toThrow(ConfigError);
    expect(synth).toThrow(/rules\.yaml organization\.roleArn: must be an IAM role ARN/);
  });

  it('refuses to synthesize when registryDir has no rules.yaml', async () => {
    // Prepare
    const empty = await mkdtemp(path.join(dir, 'empty-'));

    // Act
    const synth = () => syncStack(empty);

    // Assess
    expect(synth).toThrow(/registryDir: cannot read .*rules\.yaml/);
  });
});
