import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { ChatPlatformDescriptor, PlatformFunction } from '#contracts/chat-platforms.ts';
import { secretIdVariable } from '#contracts/environment.ts';

/** What infra/ knows of the chat platforms beyond their descriptors: settings' values and the secrets. */
export interface ChatPlatformResources {
  /** Setting values by variable (MICROSOFT_APP_ID, …), from CDK context; unset ones are ''. */
  readonly settings: Readonly<Record<string, string>>;
  /** The platforms' secrets by variable (ChatSecretsStack). */
  readonly secrets: Readonly<Record<string, secretsmanager.ISecret>>;
}

/** The variables one of a platform's functions is given: its settings' values and its secrets' ids. */
export function platformEnvironment(
  platform: ChatPlatformDescriptor,
  fn: PlatformFunction,
  resources: ChatPlatformResources,
): Record<string, string> {
  return Object.fromEntries([
    ...platform.settings
      .filter((setting) => setting.usedBy.includes(fn))
      .map((setting) => [setting.variable, resources.settings[setting.variable] ?? '']),
    ...usedSecrets(platform, fn, resources).map(([variable, secret]) => [
      secretIdVariable(variable),
      secret.secretArn,
    ]),
  ]);
}

/** Lets the function given platformEnvironment read the secrets it names, and no other. */
export function grantPlatformSecrets(
  grantee: iam.IGrantable,
  platform: ChatPlatformDescriptor,
  fn: PlatformFunction,
  resources: ChatPlatformResources,
): void {
  for (const [, secret] of usedSecrets(platform, fn, resources)) secret.grantRead(grantee);
}

function usedSecrets(
  platform: ChatPlatformDescriptor,
  fn: PlatformFunction,
  resources: ChatPlatformResources,
): [string, secretsmanager.ISecret][] {
  return platform.secrets
    .filter((secret) => secret.usedBy.includes(fn))
    .map((secret) => {
      const resource = resources.secrets[secret.variable];
      if (!resource) throw new Error(`no secret ${secret.variable} for ${platform.title}`);
      return [secret.variable, resource];
    });
}
