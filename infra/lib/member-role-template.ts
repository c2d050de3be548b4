import { plainTemplate } from './plain-template.ts';
import { MemberAlertsStack, type MemberAlertsStackProps } from './stacks/member-alerts-stack.ts';
import { MemberRoleStack, type MemberRoleStackProps } from './stacks/member-role-stack.ts';

/** Where the StackSet-ready template is kept, committed, for operators to upload. */
export const MEMBER_ROLE_TEMPLATE_PATH = 'infra/templates/member-role.template.json';
/** The member accounts' alert forwarding rules (a second StackSet, to every region). */
export const MEMBER_ALERTS_TEMPLATE_PATH = 'infra/templates/member-alerts.template.json';

/**
 * The member-role stack as a plain CloudFormation template for a service-managed StackSet: no
 * bootstrap version rule, no CDK metadata, no assets, so it deploys in accounts never bootstrapped.
 */
export function memberRoleTemplate(props: MemberRoleStackProps = {}): Record<string, unknown> {
  return plainTemplate((app, stackProps) => new MemberRoleStack(app, 'CentralOpsMemberRole', stackProps), {
    ...props,
    description: 'CentralOps: read-only target role for the central bridge (deploy with a StackSet)',
  });
}

/** The member accounts' alert forwarding rules, as the same kind of plain template. */
export function memberAlertsTemplate(props: MemberAlertsStackProps = {}): Record<string, unknown> {
  return plainTemplate(
    (app, stackProps) => new MemberAlertsStack(app, 'CentralOpsMemberAlerts', stackProps),
    {
      ...props,
      description:
        'CentralOps: forwards alert events to the central alert bus (deploy with a StackSet, every region)',
    },
  );
}
