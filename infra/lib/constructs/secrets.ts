import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * A Secrets Manager secret created without a value: the operator fills it after deploy
 * (`aws secretsmanager put-secret-value`). CloudFormation creates an empty secret when neither
 * SecretString nor GenerateSecretString is given; the L2 would otherwise generate a random one.
 */
export function emptySecret(scope: Construct, id: string, description: string): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, { description });
  (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
  return secret;
}

/** The construct (and output) name of a secret: SLACK_SIGNING_SECRET → SlackSigningSecret. */
export function secretConstructName(variable: string): string {
  return variable.toLowerCase().replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
