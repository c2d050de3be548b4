import { describe, expect, it } from 'vitest';
import { loadTeamsConfig } from '../../bot/src/teams/config.ts';
import { TeamsConfigError } from '../../bot/src/teams/errors.ts';

const TENANT = '00000000-0000-0000-0000-0000000000aa';

describe('loadTeamsConfig', () => {
  it('reads the app password from Secrets Manager when a secret id is configured', async () => {
    // Prepare
    const reads: string[] = [];
    const env = {
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a',
      MICROSOFT_APP_TENANT_ID: TENANT,
      MICROSOFT_APP_PASSWORD_SECRET_ID: 'centralops/teams/app-password',
      MICROSOFT_APP_PASSWORD: 'ignored-when-a-secret-is-named',
      ALLOWED_WORKSPACES: `slack:T0CENTRAL, teams:${TENANT}`,
      WORKER_FUNCTION_NAME: 'centralops-teams-worker',
    };

    // Act
    const config = await loadTeamsConfig({
      env,
      readSecret: async (id) => {
        reads.push(id);
        return 'from-secrets-manager';
      },
    });

    // Assess
    expect(reads).toEqual(['centralops/teams/app-password']);
    expect(config).toMatchObject({ appPassword: 'from-secrets-manager', appTenantId: TENANT });
    expect(config.workerFunctionName).toBe('centralops-teams-worker');
    expect(config.allowList.allows('teams', TENANT)).toBe(true);
    expect(config.allowList.allows('teams', 'T0CENTRAL')).toBe(false);
  });

  it('refuses an app id without its tenant and password (never silently unauthenticated)', async () => {
    // Act + Assess
    await expect(
      loadTeamsConfig({ env: { MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a' } }),
    ).rejects.toThrow(TeamsConfigError);
  });

  it('refuses to run unauthenticated inside AWS Lambda', async () => {
    // Act + Assess
    await expect(
      loadTeamsConfig({ env: { AWS_LAMBDA_FUNCTION_NAME: 'centralops-teams', MICROSOFT_APP_ID: '' } }),
    ).rejects.toThrow(/MICROSOFT_APP_ID is required/);
  });

  it('runs unauthenticated and refuses every tenant when nothing is configured', async () => {
    // Act
    const config = await loadTeamsConfig({ env: {} });

    // Assess
    expect(config.appId).toBeUndefined();
    expect(config.allowList.allows('teams', TENANT)).toBe(false);
  });
});
