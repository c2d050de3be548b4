import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { emptySecret } from '../constructs/secrets.ts';

/**
 * The chat platforms' credentials, created empty for the operator to fill after the first deploy.
 * A stack of their own: the bot and the link callback both read them, and redeploying or removing
 * the bot stack never loses what the operator put in.
 */
export class ChatSecretsStack extends Stack {
  /** SLACK_SIGNING_SECRET: the Slack ack path verifies every request with it. */
  readonly slackSigningSecret: secretsmanager.Secret;
  /** SLACK_BOT_TOKEN: the Slack worker answers with it; the link callback confirms links with it. */
  readonly slackBotToken: secretsmanager.Secret;
  /** MICROSOFT_APP_PASSWORD: the Entra app's client secret, for the Teams ack path and worker; the link callback confirms links in Teams with it. */
  readonly microsoftAppPassword: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.slackSigningSecret = emptySecret(this, 'SlackSigningSecret', 'CentralOps SLACK_SIGNING_SECRET');
    this.slackBotToken = emptySecret(this, 'SlackBotToken', 'CentralOps SLACK_BOT_TOKEN (xoxb-...)');
    this.microsoftAppPassword = emptySecret(
      this,
      'MicrosoftAppPassword',
      'CentralOps MICROSOFT_APP_PASSWORD (Entra app client secret)',
    );
    // The operator's put-secret-value targets, printed by `cdk deploy`.
    new CfnOutput(this, 'SlackSigningSecretArn', { value: this.slackSigningSecret.secretArn });
    new CfnOutput(this, 'SlackBotTokenArn', { value: this.slackBotToken.secretArn });
    new CfnOutput(this, 'MicrosoftAppPasswordArn', { value: this.microsoftAppPassword.secretArn });
  }
}
