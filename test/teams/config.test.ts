import { describe, expect, it } from 'vitest';
import { loadTeamsConfig } from '#bot/src/teams/config.ts';
import { ConfigError } from '#common/errors.ts';

const TENANT = '00000000-0000-0000-0000-0000000000aa';

describe('loadTeamsConfig', () => {
  it('reads the app id, tenant, password, allow-list and worker from the environment', () => {
    // Prepare
    const env = {
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a',
      MICROSOFT_APP_TENANT_ID: TENANT,
      MICROSOFT_APP_PASSWORD: 'resolved-from-secrets-manager',
      ALLOWED_WORKSPACES: `slack:T0CENTRAL, teams:${TENANT}`,
      WORKER_FUNCTION_NAME: 'centralops-teams-worker',
    };

    // Act
    const config = loadTeamsConfig(env);

    // Assess
    expect(config).toMatchObject({ appPassword: 'resolved-from-secrets-manager', appTenantId: TENANT });
    expect(config.workerFunctionName).toBe('centralops-teams-worker');
    expect(config.allowList.allows('teams', TENANT)).toBe(true);
    expect(config.allowList.allows('teams', 'T0CENTRAL')).toBe(false);
  });

  it('refuses an app id without its tenant and password (never silently unauthenticated)', () => {
    // Act + Assess
    expect(() => loadTeamsConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a' })).toThrow(
      ConfigError,
    );
  });

  it('loads the ack path without the app password, and never keeps one there', () => {
    // Prepare
    const env = { MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07a', MICROSOFT_APP_TENANT_ID: TENANT };

    // Act
    const ack = loadTeamsConfig({ ...env, MICROSOFT_APP_PASSWORD: 'stray' }, { outbound: false });

    // Assess
    expect(ack).toMatchObject({ appId: env.MICROSOFT_APP_ID, appTenantId: TENANT });
    expect(ack.appPassword).toBeUndefined();
    expect(() => loadTeamsConfig(env)).toThrow(/app password/);
    expect(() => loadTeamsConfig({ MICROSOFT_APP_ID: env.MICROSOFT_APP_ID }, { outbound: false })).toThrow(
      /MICROSOFT_APP_TENANT_ID/,
    );
  });

  it('refuses to run unauthenticated inside AWS Lambda', () => {
    // Act + Assess
    expect(() =>
      loadTeamsConfig({ AWS_LAMBDA_FUNCTION_NAME: 'centralops-teams', MICROSOFT_APP_ID: '' }),
    ).toThrow(/MICROSOFT_APP_ID is required/);
  });

  it('runs unauthenticated and refuses every tenant when nothing is configured', () => {
    // Act
    const config = loadTeamsConfig({});

    // Assess
    expect(config.appId).toBeUndefined();
    expect(config.allowList.allows('teams', TENANT)).toBe(false);
  });
});
