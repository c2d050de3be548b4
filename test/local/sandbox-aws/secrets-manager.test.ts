import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';

function client(sandbox: SandboxAws, secretAccessKey = sandbox.centralCredentials.secretAccessKey) {
  return new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: sandbox.env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    credentials: { accessKeyId: sandbox.centralCredentials.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

describe('sandbox Secrets Manager GetSecretValue', () => {
  let sandbox: SandboxAws;
  beforeAll(async () => {
    sandbox = await startSandboxAws({ accounts: [] });
    sandbox.putSecret('centralops/token', 'xoxb-1');
    sandbox.putSecret('centralops/empty', undefined);
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('answers by name and by ARN in the SDK shape', async () => {
    // Act
    const byName = await client(sandbox).send(new GetSecretValueCommand({ SecretId: 'centralops/token' }));
    const byArn = await client(sandbox).send(new GetSecretValueCommand({ SecretId: byName.ARN! }));

    // Assess
    expect(byName).toMatchObject({ Name: 'centralops/token', SecretString: 'xoxb-1' });
    expect(byName.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:999999999999:secret:centralops\/token-\w{6}$/,
    );
    expect(byArn.SecretString).toBe('xoxb-1');
  });

  it('answers ResourceNotFoundException for an unknown secret and for one created without a value', async () => {
    // Act + Assess
    await expect(
      client(sandbox).send(new GetSecretValueCommand({ SecretId: 'centralops/unknown' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client(sandbox).send(new GetSecretValueCommand({ SecretId: 'centralops/empty' })),
    ).rejects.toThrow(/staging label: AWSCURRENT/);
  });

  it('refuses a request signed with the wrong secret key', async () => {
    // Act + Assess
    await expect(
      client(sandbox, 'x'.repeat(40)).send(new GetSecretValueCommand({ SecretId: 'centralops/token' })),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });
});
