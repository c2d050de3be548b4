import { App, DefaultStackSynthesizer, type Stack, type StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * A stack as a plain CloudFormation template for accounts that never ran `cdk bootstrap` (a
 * StackSet's members, the management account): no bootstrap version rule, no CDK metadata, no assets.
 */
export function plainTemplate<P extends StackProps>(
  create: (app: App, props: P) => Stack,
  props: P,
): Record<string, unknown> {
  const app = new App({ analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': false } });
  const stack = create(app, {
    ...props,
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  return Template.fromStack(stack).toJSON();
}
