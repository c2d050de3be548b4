import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkCallbackEnvironment, resolveSecrets } from '#bot/src/core/secrets.ts';
import { ConfigError } from '#common/errors.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';

const TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:centralops/slack-bot-token-Xy12Ab';

describe('resolveSecrets', () => {
  let aws: SandboxAws;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    aws = await startSandboxAws({ accounts: [] });
    // Powertools' Secrets Manager client is the SDK's: it finds the stand-in through the standard env.
    Object.assign(process.env, aws.env);
    aws.putSecret('centralops/slack-bot-token', 'xoxb-from-secrets-manager');
    aws.putSecret('centralops/slack-signing-secret', undefined);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await aws.stop();
  });

  it('reads each <NAME>_SECRET_ID from Secrets Manager into <NAME>, signed with SigV4', async () => {
    // Prepare
    const env = { SLACK_BOT_TOKEN_SECRET_ID: TOKEN_ARN, SLACK_BOT_TOKEN: 'ignored-when-a-secret-is-named' };

    // Act
    const resolved = await resolveSecrets(['SLACK_BOT_TOKEN', 'LINK_STATE_SECRET'], { env });

    // Assess
    expect(resolved.SLACK_BOT_TOKEN).toBe('xoxb-from-secrets-manager');
    expect(resolved.LINK_STATE_SECRET).toBeUndefined();
    expect(aws.calls.secretsManager).toEqual([TOKEN_ARN]);
    expect(env.SLACK_BOT_TOKEN).toBe('ignored-when-a-secret-is-named');
  });

  it('leaves plain values alone and calls nothing when no secret id is set (local runs)', async () => {
    // Prepare
    aws.resetCalls();

    // Act
    const resolved = await resolveSecrets(['SLACK_BOT_TOKEN'], { env: { SLACK_BOT_TOKEN: 'xoxb-local' } });

    // Assess
    expect(resolved.SLACK_BOT_TOKEN).toBe('xoxb-local');
    expect(aws.calls.secretsManager).toEqual([]);
  });

  it('names the variable and the fix when the operator has not filled the secret yet', async () => {
    // Act + Assess
    await expect(
      resolveSecrets(['SLACK_SIGNING_SECRET'], {
        env: { SLACK_SIGNING_SECRET_SECRET_ID: 'centralops/slack-signing-secret' },
      }),
    ).rejects.toThrow(
      /SLACK_SIGNING_SECRET: secret centralops\/slack-signing-secret has no value yet .*put-secret-value/,
    );
  });

  it('refuses a secret that does not exist with a ConfigError naming it', async () => {
    // Act
    const failure = resolveSecrets(['LINK_STATE_SECRET'], {
      env: { LINK_STATE_SECRET_SECRET_ID: 'centralops/missing' },
    });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/LINK_STATE_SECRET: secret centralops\/missing has no value yet/);
  });

  it('leaves an optional secret unset while the operator has not filled it', async () => {
    // Act
    const resolved = await resolveSecrets(['SLACK_BOT_TOKEN'], {
      env: { SLACK_BOT_TOKEN_SECRET_ID: 'centralops/slack-signing-secret' },
      optional: ['SLACK_BOT_TOKEN'],
    });

    // Assess
    expect(resolved.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('fails on a read error other than a missing value, even for an optional secret', async () => {
    // Act + Assess
    await expect(
      resolveSecrets(['SLACK_BOT_TOKEN'], {
        env: { SLACK_BOT_TOKEN_SECRET_ID: 'any' },
        optional: ['SLACK_BOT_TOKEN'],
        readSecret: async () => {
          throw new Error('Rate exceeded');
        },
      }),
    ).rejects.toThrow(/SLACK_BOT_TOKEN: cannot read secret any: Rate exceeded/);
  });

  it('refuses an empty value rather than running with a blank signing secret', async () => {
    // Act + Assess
    await expect(
      resolveSecrets(['SLACK_SIGNING_SECRET'], {
        env: { SLACK_SIGNING_SECRET_SECRET_ID: 'any' },
        readSecret: async () => '  ',
      }),
    ).rejects.toThrow(/has no value yet .*; set it with aws secretsmanager put-secret-value/);
  });

  it('builds the link callback environment while the Slack token and the Entra app password are still empty', async () => {
    // Prepare: a one-platform install leaves the other platform's secret as the Secrets stack made it
    aws.putSecret('centralops/microsoft-app-password', undefined);
    process.env.SLACK_BOT_TOKEN_SECRET_ID = 'centralops/slack-signing-secret';
    process.env.MICROSOFT_APP_PASSWORD_SECRET_ID = 'centralops/microsoft-app-password';

    // Act
    const env = await linkCallbackEnvironment();

    // Assess
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
    expect(env.MICROSOFT_APP_PASSWORD).toBeUndefined();
  });
});
