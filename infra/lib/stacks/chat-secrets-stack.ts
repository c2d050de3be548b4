import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { emptySecret, secretConstructName } from '../constructs/secrets.ts';

/**
 * The chat platforms' credentials (each descriptor's `secrets`, contracts/chat-platforms.ts),
 * created empty for the operator to fill after the first deploy. A stack of their own: the bot and
 * the link callback both read them, and redeploying or removing the bot stack never loses what the
 * operator put in.
 */
export class ChatSecretsStack extends Stack {
  /** By variable: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, MICROSOFT_APP_PASSWORD, … */
  readonly secrets: Readonly<Record<string, secretsmanager.Secret>>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const secrets: Record<string, secretsmanager.Secret> = {};
    for (const platform of chatPlatforms()) {
      for (const { variable, description } of platform.secrets) {
        const name = secretConstructName(variable);
        secrets[variable] = emptySecret(this, name, `CentralOps ${variable}: ${description}`);
        // The operator's put-secret-value targets, printed by `cdk deploy`.
        new CfnOutput(this, `${name}Arn`, { value: secrets[variable].secretArn });
      }
    }
    this.secrets = secrets;
  }
}
