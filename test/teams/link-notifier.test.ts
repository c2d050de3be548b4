import { describe, expect, it } from 'vitest';
import { TeamsLinkNotifier, teamsLinkNotifierFrom } from '#bot/src/teams/link-notifier.ts';
import { ConfigError } from '#common/errors.ts';
import { TENANT } from './harness.ts';

const APP_ID = '00000000-0000-0000-0000-00000000b07a';

describe('teamsLinkNotifierFrom', () => {
  it('configures the Teams confirmation with the Entra app of the Teams adapter', () => {
    // Act
    const notifier = teamsLinkNotifierFrom({
      AWS_LAMBDA_FUNCTION_NAME: 'centralops-link-callback',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TENANT_ID: TENANT,
      MICROSOFT_APP_PASSWORD: 'resolved-from-secrets-manager',
    });

    // Assess
    expect(notifier).toBeInstanceOf(TeamsLinkNotifier);
  });

  it('configures none without an app id, even in Lambda (a Slack-only install still links)', () => {
    // Act
    const notifier = teamsLinkNotifierFrom({
      AWS_LAMBDA_FUNCTION_NAME: 'centralops-link-callback',
      MICROSOFT_APP_ID: '',
    });

    // Assess
    expect(notifier).toBeUndefined();
  });

  it('refuses an app id without its password, as the Teams adapter does', () => {
    // Act + Assess
    expect(() =>
      teamsLinkNotifierFrom({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: TENANT }),
    ).toThrow(ConfigError);
  });
});
