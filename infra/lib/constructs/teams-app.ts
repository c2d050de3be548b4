import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { secretIdVariable } from './secrets.ts';

/** The Teams bot's Microsoft Entra app, as every function that talks to Bot Framework needs it. */
export interface TeamsAppSettings {
  /** @default '': no Entra app (local mode) */
  readonly microsoftAppId?: string;
  /** @default '' */
  readonly microsoftAppTenantId?: string;
  /**
   * For functions that send to Teams; the function must be granted read on it.
   * @default undefined: receive only (the ack path validates inbound tokens with the app id alone)
   */
  readonly microsoftAppPassword?: secretsmanager.ISecret;
}

/** The Teams-app variables of a function's environment. */
export function teamsAppEnvironment(settings: TeamsAppSettings): Record<string, string> {
  return {
    MICROSOFT_APP_ID: settings.microsoftAppId ?? '',
    MICROSOFT_APP_TENANT_ID: settings.microsoftAppTenantId ?? '',
    ...(settings.microsoftAppPassword
      ? { [secretIdVariable('MICROSOFT_APP_PASSWORD')]: settings.microsoftAppPassword.secretArn }
      : {}),
  };
}
