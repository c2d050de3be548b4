import { plainTemplate } from './plain-template.ts';
import {
  OrganizationsAccessStack,
  type OrganizationsAccessStackProps,
} from './stacks/organizations-access-stack.ts';

/** Where the management-account template is kept, committed, for operators to deploy. */
export const ORGANIZATIONS_ACCESS_TEMPLATE_PATH = 'infra/templates/organizations-access.template.json';

/** The organizations-access stack as a plain template for the management account (us-east-1). */
export function organizationsAccessTemplate(
  props: OrganizationsAccessStackProps = {},
): Record<string, unknown> {
  return plainTemplate(
    (app, stackProps) => new OrganizationsAccessStack(app, 'CentralOpsOrganizationsAccess', stackProps),
    {
      ...props,
      description: 'CentralOps: organization-read role and account-event forwarding for the registry sync',
    },
  );
}
