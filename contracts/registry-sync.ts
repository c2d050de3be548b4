/**
 * What the registry sync (registry-seed/src/organizations/) and infra/ agree on: the identity of
 * the member-role probe, the AWS Organizations events that set a sync off, where the deployed sync
 * finds its rules, and the shape of rules.yaml's `organization:` block (the role that reads the
 * organization, which infra/ lets the sync assume).
 */
import { z } from 'zod';

/** RoleSessionName and SourceIdentity of every member-role probe; the member role denies it every action. */
export const ROLE_PROBE_IDENTITY = 'centralops-registry-sync';

/** CloudTrail event names of account creation, arrival, moves, tags, renames, closure and departure. */
export const ORGANIZATION_EVENT_NAMES = [
  'CreateAccountResult',
  'AccountJoinedOrganization',
  'MoveAccount',
  'TagResource',
  'UntagResource',
  'UpdateOrganizationalUnit',
  'CloseAccount',
  'CloseAccountResult',
  'RemoveAccountFromOrganization',
  'AccountDepartedOrganization',
] as const;

/**
 * EventBridge pattern of those events as CloudTrail delivers them (in the management account,
 * us-east-1): API calls and the service's own events (…Result, Account…Organization).
 */
export const ORGANIZATION_EVENT_PATTERN = {
  source: ['aws.organizations'],
  detailType: ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
  detail: {
    eventSource: ['organizations.amazonaws.com'],
    eventName: [...ORGANIZATION_EVENT_NAMES],
  },
} as const;

/** The directory beside the sync's bundle that holds the rules.yaml and accounts.yaml it deploys with. */
export const SYNC_REGISTRY_DIR = 'registry';

/** An IAM role ARN (any partition, with or without a path). */
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** STS ExternalId's own constraints. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** rules.yaml's `organization:` block: the role that reads the organization (management account or delegated administrator). */
export const organizationAccessSchema = z.strictObject({
  roleArn: z
    .string()
    .trim()
    .regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name'),
  externalId: z.string().regex(EXTERNAL_ID, 'must be 2–1224 of letters, digits and +=,.@:/-').optional(),
});
export type OrganizationAccess = z.output<typeof organizationAccessSchema>;
