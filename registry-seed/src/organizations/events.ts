/**
 * The AWS Organizations events that change what the registry holds, as CloudTrail delivers them to
 * EventBridge (in the management account, us-east-1): the one pattern infra/ subscribes the sync
 * to, and what the sync makes of an event it is handed.
 */

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

/** EventBridge pattern of those events: API calls and the service's own events (…Result, Account…Organization). */
export const ORGANIZATION_EVENT_PATTERN = {
  source: ['aws.organizations'],
  detailType: ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
  detail: {
    eventSource: ['organizations.amazonaws.com'],
    eventName: [...ORGANIZATION_EVENT_NAMES],
  },
} as const;

/** What set a sync off, for its logs: never trusted, never more than these checked fields. */
export interface SyncTrigger {
  readonly kind: 'schedule' | 'organization-event' | 'other';
  readonly eventName?: string;
  readonly accountId?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** One queued EventBridge event (an SQS record's body) as a trigger; junk becomes `other`. */
export function describeTrigger(body: string): SyncTrigger {
  let event: { source?: unknown; 'detail-type'?: unknown; detail?: Record<string, unknown> };
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    return { kind: 'other' };
  }
  if (event?.source === 'aws.events' && event['detail-type'] === 'Scheduled Event')
    return { kind: 'schedule' };
  const eventName = event?.detail?.eventName;
  if (event?.source !== 'aws.organizations' || !ORGANIZATION_EVENT_NAMES.includes(eventName as never)) {
    return { kind: 'other' };
  }
  const detail = event.detail as {
    requestParameters?: { accountId?: unknown };
    serviceEventDetails?: { createAccountStatus?: { accountId?: unknown } };
  };
  const accountId =
    detail.requestParameters?.accountId ?? detail.serviceEventDetails?.createAccountStatus?.accountId;
  return {
    kind: 'organization-event',
    eventName: eventName as string,
    ...(typeof accountId === 'string' && ACCOUNT_ID.test(accountId) ? { accountId } : {}),
  };
}
